"""Administration of the directory for platform staff; every action is audited."""

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from samen.core.admin import AuditedAdmin

from .models import (
    ListingSuggestion,
    Network,
    NetworkMembership,
    Organization,
    Service,
    TaxonomyTerm,
    TopicSynonym,
)
from .needs import forget_vocabulary
from .services import service_reindex


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "verification", "last_checked", "is_demo")
    list_filter = ("verification", "kind", "is_demo")
    search_fields = ("name",)
    readonly_fields = ("verified_at", "verified_by", "reminder_sent_at")


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ("__str__", "organization", "status", "last_checked", "is_demo")
    list_filter = ("status", "is_demo", "open_24_7", "anonymous")
    search_fields = ("organization__name",)
    autocomplete_fields = ("organization",)
    filter_horizontal = ("topics",)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        service_reindex(service=form.instance)  # search must see what the admin changed


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(AuditedAdmin):
    list_display = ("code", "__str__", "parent", "is_entry_point")
    search_fields = ("code",)


@admin.register(TopicSynonym)
class TopicSynonymAdmin(AuditedAdmin):
    """Staff keep the vocabulary of needs: words they add stay when the files are loaded again;
    a word is marked reviewed only with its reviewer and date (TopicSynonym.clean)."""

    list_display = ("text", "language", "term", "source", "status")
    list_filter = ("language", "source", "status", "term")
    search_fields = ("text",)
    readonly_fields = ("source",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(forget_vocabulary)


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ("organization",)
    readonly_fields = ("decided_by", "decided_at")


@admin.register(Network)
class NetworkAdmin(AuditedAdmin):
    list_display = ("name", "region")
    search_fields = ("name",)
    filter_horizontal = ("coordinators",)
    inlines = (NetworkMembershipInline,)


@admin.register(ListingSuggestion)
class ListingSuggestionAdmin(AuditedAdmin):
    list_display = ("organization", "status", "created_at")
    list_filter = ("status",)
