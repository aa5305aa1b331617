"""The Celery app. The periodic schedule is defined here, in code, and only here."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("etatsstyring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# django-celery-beat's DatabaseScheduler
# copies these entries into its tables at start-up, so the admin shows them.
app.conf.beat_schedule = {
    # Periods that have ended are opened for reporting just after midnight; a period the
    # task has not opened yet is opened by its first save.
    "rapportering-aapne-perioder": {
        "task": "indikatorer.tasks.aapne_perioder",
        "schedule": crontab(hour=0, minute=15),
    },
    "oppdrag-fristpaaminnelser": {
        "task": "oppdrag.tasks.send_fristpaaminnelser",
        "schedule": crontab(hour=6, minute=0),
    },
    # Monthly and tertial reports: ordered on the first run after their day has come
    # (settings.RAPPORT_DAGER_ETTER_PERIODE); each period's report is made once.
    "rapporter-planlegg": {
        "task": "styring.tasks.planlegg_rapporter",
        "schedule": crontab(hour=7, minute=0),
    },
}
