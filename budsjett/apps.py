from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudsjettConfig(AppConfig):
    """Budgets, accounts and forecasts; built on ``styring``.

    What it adds to ``styring`` is registered in ``budsjett.contributions``."""

    name = "budsjett"
    verbose_name = _("Budget")
