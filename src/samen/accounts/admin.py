from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from samen.core.admin import AuditedAdmin

from .models import Membership, User


@admin.register(User)
class SamenUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("email", "is_active", "is_staff", "last_login")
    search_fields = ("email", "username")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Translator"), {"fields": ("translator_languages",)}),
    )


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    """Referral roles are shown, never set here: owners set them on their roles page (audited),
    and administrators read referrals only through emergency access."""

    list_display = ("user", "organization", "role", "is_referral_handler", "is_privacy_officer")
    list_filter = ("role",)
    autocomplete_fields = ("user", "organization")
    readonly_fields = ("is_referral_handler", "is_privacy_officer")

    def audit_data(self, obj: Any) -> dict[str, Any]:
        # The organisation's privacy officer sees membership changes made here.
        return {"organization": obj.organization_id}
