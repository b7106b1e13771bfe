"""Abstract base models shared by every app."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """Integer primary key for joins and indexes, a stable UUID for URLs and exchange (HSDS id)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
