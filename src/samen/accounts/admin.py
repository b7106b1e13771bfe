from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from samen.core.admin import AuditedAdmin

from .models import Membership, User


@admin.register(User)
class SamenUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("email", "is_active", "is_staff", "last_login")
    search_fields = ("email", "username")


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    autocomplete_fields = ("user", "organization")
