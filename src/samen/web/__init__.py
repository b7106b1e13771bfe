"""Shared chrome of public pages: layout, quick exit, language switch, security headers."""
