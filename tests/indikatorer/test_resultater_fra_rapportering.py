"""Approved bistandsplikt numbers become results of the letter's two indicators."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from indikatorer import maaltall as mt
from indikatorer.models import Indikator, Resultat
from indikatorer.models.rapportering import Innsending, Skjema, Verdi
from indikatorer.services.innsending import opprett_innsendinger
from indikatorer.services.resultater import periodekode
from styring.arbeidsflyt import services as arbeidsflyt

NOW = datetime.datetime(2026, 4, 7, 10, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def bistandsplikt(brev):
    with time_machine.travel(NOW, tick=False):
        skjema = Skjema.objects.get(kode="bistandsplikt")
        opprett_innsendinger(skjema=skjema, idag=NOW.date())
        yield skjema


def month(skjema, number):
    return Innsending.objects.get(
        skjema=skjema, virksomhet__kode="BFE", periode_fra=datetime.date(2026, number, 1)
    )


def submit(skjema, number, rows):
    innsending = month(skjema, number)
    fields = {f.kode: f for f in skjema.felt.all()}
    for row, values in rows.items():
        for code, value in values.items():
            Verdi.objects.create(innsending=innsending, felt=fields[code], rad=row, tall=value)
    innsending.status = Innsending.Status.LEVERT
    innsending.save()
    return innsending


def result(name, periode):
    return Resultat.objects.filter(
        indikator__navn=name, aar=2026, periode=periode, virksomhet__kode="BFE"
    ).first()


BRUDD = "Antall brudd på bistandsplikten"
HASTE = "Hastetilbud fremskaffet innen 2 timer"


def test_period_codes():
    skjema = Skjema(frekvens="maaned")
    assert periodekode(skjema, datetime.date(2026, 3, 1)) == "m03"
    skjema.frekvens = "tertial"
    assert periodekode(skjema, datetime.date(2026, 5, 1)) == "t2"
    skjema.frekvens = "kvartal"
    assert periodekode(skjema, datetime.date(2026, 10, 1)) == "k4"
    skjema.frekvens = "aar"
    assert periodekode(skjema, datetime.date(2026, 1, 1)) == ""


def test_approval_feeds_the_period_and_the_year_so_far(bistandsplikt, users, client_for):
    styrer = users["set_styrer"]
    february = submit(
        bistandsplikt,
        2,
        {
            "alna|akutt": {"foresporsler": 4, "brudd": 1, "innen_2_timer": 3},
            "alna|omsorg": {"foresporsler": 2, "brudd": 0},
        },
    )
    march = submit(
        bistandsplikt, 3, {"bjerke|akutt": {"foresporsler": 6, "brudd": 0, "innen_2_timer": 6}}
    )
    assert result(BRUDD, "m02") is None  # submitted, not yet approved
    with time_machine.travel(NOW, tick=False):
        arbeidsflyt.godkjenn(objekt=february, user=styrer)
    assert result(BRUDD, "m02").verdi == 1
    assert result(HASTE, "m02").tekst == "75,0 %"
    assert result(HASTE, "").verdi == Decimal("75.0")
    with time_machine.travel(NOW, tick=False):
        arbeidsflyt.godkjenn(objekt=march, user=styrer)
    assert result(BRUDD, "m03").verdi == 0
    assert result(HASTE, "m03").tekst == "100,0 %"
    assert result(BRUDD, "").verdi == 1
    so_far = result(HASTE, "")
    assert so_far.tekst == "90,0 %"  # 9 of 10 acute requests met within 2 hours
    assert "2 godkjente rapporter" in so_far.kommentar
    assert so_far.fra_rapportering
    # Against the letter's targets (100 % and 0) the year so far is not achieved.
    assert so_far.status == mt.Status.IKKE_OPPNAADD
    assert result(BRUDD, "").status == mt.Status.IKKE_OPPNAADD
    page = client_for(styrer).get(
        reverse("indikatorer:indikator", args=[Indikator.objects.get(navn=HASTE).pk])
    )
    assert "90,0 %" in page.text


def test_returning_an_approved_month_takes_its_numbers_out(bistandsplikt, users):
    styrer = users["set_styrer"]
    february = submit(bistandsplikt, 2, {"alna|akutt": {"foresporsler": 4, "innen_2_timer": 2}})
    march = submit(bistandsplikt, 3, {"alna|akutt": {"foresporsler": 4, "innen_2_timer": 4}})
    with time_machine.travel(NOW, tick=False):
        arbeidsflyt.godkjenn(objekt=february, user=styrer)
        arbeidsflyt.godkjenn(objekt=march, user=styrer)
        assert result(HASTE, "").tekst == "75,0 %"
        arbeidsflyt.returner(objekt=march, user=styrer, kommentar="Feil bydel.")
    assert result(HASTE, "m03") is None
    assert result(HASTE, "").tekst == "50,0 %"


def test_a_result_typed_in_by_hand_is_not_overwritten(bistandsplikt, users):
    indikator = Indikator.objects.get(navn=BRUDD)
    typed = Resultat.objects.create(
        indikator=indikator,
        aar=2026,
        periode="m02",
        virksomhet=month(bistandsplikt, 2).virksomhet,
        tekst="7",
        kommentar="Fra EQS",
    )
    february = submit(bistandsplikt, 2, {"alna|akutt": {"foresporsler": 4, "brudd": 2}})
    with time_machine.travel(NOW, tick=False):
        arbeidsflyt.godkjenn(objekt=february, user=users["set_styrer"])
    typed.refresh_from_db()
    assert typed.tekst == "7"
    assert typed.kommentar == "Fra EQS"
    assert result(BRUDD, "").verdi == 2


def test_demo_data_feeds_the_indicators(brev):
    from indikatorer.demo import lag_demodata

    with time_machine.travel(NOW, tick=False):
        lag_demodata()
    approved = Innsending.objects.filter(
        skjema__kode="bistandsplikt",
        virksomhet__kode="BFE",
        periode_fra__year=2026,
        status=Innsending.Status.GODKJENT,
    )
    breaches = sum(
        v.tall for v in Verdi.objects.filter(innsending__in=approved, felt__kode="brudd")
    )
    assert approved.exists()
    assert result(BRUDD, "").verdi == breaches
