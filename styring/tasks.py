"""Report tasks: thin wrappers that take ids and call ``styring.reports``."""

from celery import shared_task
from django.utils import timezone

from styring.reports import arkiv, epost


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def lag_rapport(self, jobb_id):
    """Produce the report of one job (once, however often the task runs)."""
    try:
        rapport = arkiv.kjor(jobb_id=jobb_id)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            arkiv.feilet(jobb_id=jobb_id, feil=error)
        raise
    return rapport.pk if rapport else None


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_utsending(utsending_id):
    """E-mail one report to one subscriber (once)."""
    return epost.send(utsending_id=utsending_id)


@shared_task
def planlegg_rapporter():
    """Daily: order the monthly and tertial reports whose day has come (once per period)."""
    return [jobb.pk for jobb in arkiv.planlegg(idag=timezone.localdate())]
