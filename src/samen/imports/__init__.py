"""Importing Open Referral HSDS 3.0 data from another directory (command line and web upload)."""
