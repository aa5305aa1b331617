from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndikatorerConfig(AppConfig):
    """Result indicators and monthly reporting; built on ``styring``.

    What it adds to ``styring`` is registered in ``indikatorer.contributions``."""

    name = "indikatorer"
    verbose_name = _("Indicators")
