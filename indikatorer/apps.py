from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndikatorerConfig(AppConfig):
    """Result indicators and monthly reporting; built on ``styring``."""

    name = "indikatorer"
    verbose_name = _("Indicators")
