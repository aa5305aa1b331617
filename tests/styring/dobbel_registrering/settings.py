"""The project's settings with the clashing app installed after the others."""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.styring.dobbel_registrering"]  # noqa: F405
