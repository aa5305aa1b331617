"""Django messages whose bokmål translation is missing upstream.

Django 5.2 changed these message ids and its nb catalogue has not caught up.
Marking them here puts them in our own catalogue (LOCALE_PATHS wins over Django's),
so users never meet English. Remove an entry once Django ships the translation.
"""

from django.utils.translation import ngettext_lazy

UPSTREAM_MESSAGES = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
]
