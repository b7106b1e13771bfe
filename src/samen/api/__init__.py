"""The Open Referral HSDS 3.0 API at /api/hsds/ (docs/api.md)."""
