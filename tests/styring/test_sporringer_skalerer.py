"""Every dashboard and list page answers in the same number of SQL queries whether the
department steers a few agencies or twenty: no query per agency, row or period.

The department (SET) starts with its real agencies and the demo data; then 16 more
agencies get what a real agency has on these pages: assignments, submissions of both
monthly obligations, institutions, a share in an indicator and a letter.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indikatorer.demo import lag_demodata
from indikatorer.models import Indikator
from indikatorer.models.rapportering import Institusjon, Kapasitet, Skjema
from indikatorer.services.innsending import opprett_innsendinger
from oppdrag.models import Oppdrag
from styring.models import Virksomhet

NOW = datetime.datetime(2026, 6, 20, 9, tzinfo=ZoneInfo("Europe/Oslo"))

PAGES = [
    "/",
    "/oversikt/",
    "/brev/",
    "/virksomheter/",
    "/oppdrag/",
    "/oppdrag/?vindu=forfalt",
    "/indikatorer/",
    "/indikatorer/?aar=",
    "/rapportering/",
    "/rapportering/?side=2",
    "/rapportering/oversikt/",
    "/rapportering/krav/",
    "/dashboard/bistandsplikt/",
    "/dashboard/belegg/",
    "/rapporter/",
    "/budsjett/",
    "/budsjett/avvik/",
    "/api/virksomheter/",
    "/api/brev/",
    "/api/oppdrag/",
    "/api/indikatorer/",
    "/api/resultater/",
    "/api/innsendinger/",
    "/api/innsendinger/?med_verdier=true",
    "/api/rapporteringsskjema/",
]


def _add_agency(number, *, set_, brev):
    letter = brev["bfe"]
    agency = Virksomhet.objects.create(
        kode=f"ETAT{number}", navn=f"Etat {number}", type=Virksomhet.Type.ETAT, styres_av=set_
    )
    letter.mottakere.add(agency)
    for n in range(3):
        oppdrag = Oppdrag.objects.create(
            brev=letter,
            kode=f"E{number}-{n}",
            tekst=f"Oppdrag {n} til etat {number}",
            art="nytt",
            forfall=datetime.date(2026, 5 + n, 15),
        )
        oppdrag.ansvarlige.add(agency)
    Indikator.objects.filter(brev=letter).first().bidragsytere.add(agency)
    institution = Institusjon.objects.create(
        virksomhet=agency, navn=f"Institusjon {number}", type=Institusjon.Type.AKUTT
    )
    Kapasitet.objects.create(
        institusjon=institution, gjelder_fra=datetime.date(2026, 1, 1), plasser=8
    )
    for skjema in Skjema.objects.filter(kode__in=["bistandsplikt", "belegg"]):
        skjema.rapportorer.add(agency)
        opprett_innsendinger(skjema=skjema, idag=NOW.date())


def _queries(client):
    counts = {}
    for page in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200, page
        counts[page] = len(queries)
    return counts


@pytest.mark.parametrize("role", ["set_styrer", "bfe_rapportor"])
def test_no_page_queries_more_with_twenty_agencies(brev, users, client_for, virksomheter, role):
    client = client_for(users[role])
    set_ = virksomheter["SET"]
    with time_machine.travel(NOW, tick=False):
        lag_demodata(idag=NOW.date())
        # One more agency first, so every kind of row is on the pages in both counts.
        _add_agency(0, set_=set_, brev=brev)
        _queries(client)  # the first visit opens the periods of the new agency
        few = _queries(client)
        for number in range(1, 17):
            _add_agency(number, set_=set_, brev=brev)
        _queries(client)
        many = _queries(client)
    assert Virksomhet.objects.filter(styres_av=set_).count() >= 20
    grew = {page: (few[page], many[page]) for page in PAGES if many[page] != few[page]}
    assert not grew, f"query counts grew with the agencies (before, after): {grew}"
