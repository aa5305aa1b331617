"""The main menu's entries; each app registers its own in ``styring.registries.menu``."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    order: int

    @property
    def url(self):
        return reverse(self.url_name)
