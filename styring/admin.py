from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from styring.models import Bruker, Endring, Virksomhet


@admin.register(Virksomhet)
class VirksomhetAdmin(admin.ModelAdmin):
    list_display = ["navn", "kode", "type", "styres_av"]
    list_filter = ["type"]
    search_fields = ["navn", "kode"]


@admin.register(Bruker)
class BrukerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "virksomhet", "rolle", "is_active"]
    list_filter = ["rolle", "virksomhet", "is_active", "is_staff"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Organisation and role"), {"fields": ["virksomhet", "rolle"]}),
    ]


@admin.register(Endring)
class EndringAdmin(admin.ModelAdmin):
    """The audit trail is read-only, here as everywhere."""

    list_display = ["tidspunkt", "utfort_av", "handling", "content_type", "objekt_tekst"]
    list_filter = ["handling", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
