"""Demo follow-up on assignments (``oppdrag.demo``), made by ``manage.py lag_demodata``."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from oppdrag.models import Oppdrag, Status


def test_demo_follow_up_is_labelled_and_made_once(brev):
    with override_settings(DEBUG=True):
        call_command("lag_demodata", stdout=StringIO())
        call_command("lag_demodata", stdout=StringIO())
    statuses = dict(
        Oppdrag.objects.filter(brev=brev["bfe"])
        .exclude(status=Status.IKKE_STARTET)
        .values_list("frist_tekst", "status")
    )
    assert statuses == {"31.03.26": "paagaar", "20.01.2026": "levert", "28.02.2026": "godkjent"}
    reports = [
        r.tekst for o in Oppdrag.objects.filter(brev=brev["bfe"]) for r in o.statusrapporter.all()
    ]
    assert reports == ["Demo – arbeidet med samfunnsoppdraget er i gang."]
