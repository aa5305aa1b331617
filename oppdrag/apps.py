from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OppdragConfig(AppConfig):
    """Assignments (oppdrag) with deadlines and follow-up; built on ``styring``."""

    name = "oppdrag"
    verbose_name = _("Assignments")

    def ready(self):
        from oppdrag import bidrag, rapporter
        from styring.navigation import MenuItem, register_menu_item

        bidrag.register()
        rapporter.register()
        register_menu_item(MenuItem(_("Assignments"), "oppdrag-oversikt", order=30))
