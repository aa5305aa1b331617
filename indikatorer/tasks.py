from celery import shared_task
from django.utils import timezone

from indikatorer.services.innsending import aapne_perioder as _aapne_perioder
from styring.audit import acting_as


@shared_task
def aapne_perioder():
    """Daily: open the submissions of every period that has ended (each once)."""
    with acting_as("indikatorer.tasks.aapne_perioder"):
        return _aapne_perioder(idag=timezone.localdate())
