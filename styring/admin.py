from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from styring.models import (
    Abonnement,
    Bruker,
    Endring,
    Rapport,
    Rapportjobb,
    Utsending,
    Virksomhet,
)


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


class LesOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Endring)
class EndringAdmin(LesOnlyAdmin):
    """The audit trail is read-only, here as everywhere."""

    list_display = ["tidspunkt", "utfort_av", "handling", "content_type", "objekt_tekst"]
    list_filter = ["handling", "content_type"]


@admin.register(Rapport)
class RapportAdmin(LesOnlyAdmin):
    """Issued reports never change."""

    list_display = ["tittel", "versjon", "generert", "har_data", "pdf_sha256"]
    list_filter = ["type", "virksomhet"]


@admin.register(Rapportjobb)
class RapportjobbAdmin(LesOnlyAdmin):
    list_display = ["type", "virksomhet", "periode_fra", "planlagt", "status", "forsok", "bestilt"]
    list_filter = ["status", "type", "planlagt"]


@admin.register(Utsending)
class UtsendingAdmin(admin.ModelAdmin):
    """The outbox: failed and stuck e-mails are found here and can be queued again."""

    list_display = ["rapport", "epost", "status", "forsok", "sendt", "feilmelding"]
    list_filter = ["status", "type"]
    readonly_fields = [f.name for f in Utsending._meta.fields if f.name not in ("status",)]
    actions = ["send_igjen"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Queue the chosen e-mails again"))
    def send_igjen(self, request, queryset):
        from styring import tasks

        ids = list(queryset.exclude(status=Utsending.Status.SENDT).values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(status=Utsending.Status.VENTER)
        for pk in ids:
            tasks.send_utsending.delay(pk)


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    list_display = ["bruker", "type", "virksomhet"]
    list_filter = ["type"]
