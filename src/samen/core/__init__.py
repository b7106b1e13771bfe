"""Shared building blocks: base models, translatable content, errors."""
