from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudsjettConfig(AppConfig):
    """Budgets, accounts and forecasts; built on ``styring``."""

    name = "budsjett"
    verbose_name = _("Budget")
