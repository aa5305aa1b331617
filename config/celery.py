"""The Celery app. The periodic schedule is defined here, in code, and only here."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("etatsstyring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Filled as the scheduled reports arrive; django-celery-beat's DatabaseScheduler
# copies these entries into its tables at start-up, so the admin shows them.
app.conf.beat_schedule = {
    "oppdrag-fristpaaminnelser": {
        "task": "oppdrag.tasks.send_fristpaaminnelser",
        "schedule": crontab(hour=6, minute=0),
    },
}
