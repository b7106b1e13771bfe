"""A custom user model from day one, so roles and MFA can grow without a painful swap."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    pass
