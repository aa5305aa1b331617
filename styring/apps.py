from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StyringConfig(AppConfig):
    name = "styring"
    verbose_name = _("Steering")

    def ready(self):
        from styring import audit  # noqa: F401  (audit connects its signals)

        # Every installed app's ``contributions.py`` (styring's own too) fills
        # ``styring.registries``, as contrib.admin discovers ``admin.py``.
        autodiscover_modules("contributions")
