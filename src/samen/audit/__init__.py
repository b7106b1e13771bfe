"""Append-only audit log of changes and reads that matter."""
