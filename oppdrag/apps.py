from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OppdragConfig(AppConfig):
    """Assignments (oppdrag) with deadlines and follow-up; built on ``styring``.

    What it adds to ``styring`` is registered in ``oppdrag.contributions``."""

    name = "oppdrag"
    verbose_name = _("Assignments")
