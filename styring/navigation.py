"""The main menu, filled at start-up by each app (as Django's admin registry is).

``styring`` knows nothing of the apps built on it: ``oppdrag``, ``indikatorer`` and
``budsjett`` register their own entries in their ``AppConfig.ready()``.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    order: int = 100

    @property
    def url(self):
        return reverse(self.url_name)


_menu: dict[str, MenuItem] = {}


def register_menu_item(item):
    _menu[item.url_name] = item


def menu_items():
    return sorted(_menu.values(), key=lambda item: (item.order, str(item.label)))
