from celery import shared_task
from django.utils import timezone

from oppdrag.paaminnelser import send_paaminnelser


@shared_task
def send_fristpaaminnelser():
    """Daily: remind agencies of their assignments' deadlines (each reminder once)."""
    return send_paaminnelser(idag=timezone.localdate())
