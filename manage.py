#!/usr/bin/env python
"""Django's command-line utility, with short messages for configuration errors."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"Feil i konfigurasjonen: {exc}")
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        sys.exit(
            "Får ikke kontakt med databasen. Sjekk DATABASE_URL "
            f"(nå: {os.environ.get('DATABASE_URL') or 'standard SQLite-fil'}).\n{first_line}"
        )


if __name__ == "__main__":
    main()
