from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StyringConfig(AppConfig):
    name = "styring"
    verbose_name = _("Steering")

    def ready(self):
        from styring import audit, brevinnhold  # noqa: F401  (audit connects its signals)
        from styring.navigation import MenuItem, register_menu_item

        register_menu_item(MenuItem(_("Home"), "forside", order=0))
        register_menu_item(MenuItem(_("Overview"), "avdelingsoversikt", order=5))
        register_menu_item(MenuItem(_("Organisations"), "virksomhet-liste", order=10))
        register_menu_item(MenuItem(_("Allocation letters"), "brev-liste", order=20))
        brevinnhold.register()
        from styring.oversikt import register_oppgavekilde
        from styring.rapporter import tertial, tilgang

        tertial.register()
        register_oppgavekilde(tilgang.nye_rapporter)
        register_menu_item(MenuItem(_("Reports"), "rapporter", order=60))
