from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudsjettConfig(AppConfig):
    """Budgets, accounts and forecasts; built on ``styring``."""

    name = "budsjett"
    verbose_name = _("Budget")

    def ready(self):
        from budsjett import bidrag, oversikt, rapporter
        from styring.navigation import MenuItem, register_menu_item

        bidrag.register()
        oversikt.register()
        rapporter.register()
        register_menu_item(MenuItem(_("Budget"), "budsjett", order=45))
