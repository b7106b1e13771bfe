"""People with an account: the custom user model (roles and MFA come with the visibility issue)."""
