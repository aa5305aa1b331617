"""Periodic reporting: periods and deadlines, belegg and bistandsplikt rules, the workflow,
locking, concurrent saves, and an obligation defined without code."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction

from indikatorer import skjematyper
from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Skjemafelt
from indikatorer.services.innsending import opprett_innsendinger
from styring.access import Rolle
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Endring

MARCH = datetime.date(2026, 3, 20)  # February is due 15.03 and locks after 25.03


@pytest.fixture
def skjema(brev):
    return {s.kode: s for s in Skjema.objects.all()}


def submission(skjema, kode, month, virksomhet="BFE"):
    day = datetime.date(2026, month, 1)
    fra, til = skjema.periode(day)
    return Innsending.objects.get_or_create(
        skjema=skjema,
        virksomhet=skjema.rapportorer.get(kode=virksomhet),
        periode_fra=fra,
        defaults={"periode_til": til, "frist": skjema.frist_for(til)},
    )[0]


def acute():
    return Institusjon.objects.get(type=Institusjon.Type.AKUTT)


# Set up from the letter


def test_the_letters_monthly_reports_are_obligations(skjema, brev):
    belegg, bistand = skjema["belegg"], skjema["bistandsplikt"]
    assert belegg.rapporteringskrav.navn == "Belegg på institusjonene"
    assert bistand.rapporteringskrav.navn == "Avvik på bistandsplikten"
    assert belegg.eier.kode == bistand.eier.kode == "SET"
    assert sorted(
        (i.type, i.plasser_paa(datetime.date(2026, 2, 1))) for i in Institusjon.objects.all()
    ) == [
        ("akutt", 17),
        ("behandling", 5),
        ("omsorg", 30),
    ]
    assert all(i.demo for i in Institusjon.objects.all())
    assert bistand.rapportorer.filter(type="bydel").count() == 15


def test_periods_and_deadlines(skjema):
    belegg = skjema["belegg"]
    periods = belegg.perioder(fra=datetime.date(2026, 1, 1), til=datetime.date(2026, 3, 31))
    assert periods == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
    ]
    assert belegg.frist_for(datetime.date(2026, 3, 31)) == datetime.date(2026, 4, 15)
    assert belegg.frist_for(datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 15)
    created = opprett_innsendinger(skjema=belegg, idag=datetime.date(2026, 3, 20))
    assert [(i.periode_fra.month, i.frist) for i in created] == [
        (1, datetime.date(2026, 2, 15)),
        (2, datetime.date(2026, 3, 15)),
    ]
    assert opprett_innsendinger(skjema=belegg, idag=datetime.date(2026, 3, 20)) == []


def test_one_submission_per_obligation_and_period_is_a_database_rule(skjema):
    first = submission(skjema["belegg"], "belegg", 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Innsending.objects.create(
            skjema=first.skjema,
            virksomhet=first.virksomhet,
            periode_fra=first.periode_fra,
            periode_til=first.periode_til,
            frist=first.frist,
        )


# Belegg


def test_bed_days_beyond_places_times_days_are_refused_naming_the_limit(skjema, users):
    feb = submission(skjema["belegg"], "belegg", 2)
    key = ("liggedogn", str(acute().pk))
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lagre(
            objekt=feb, user=users["bfe_rapportor"], raw={key: "500"}, versjon=0, idag=MARCH
        )
    messages = error.value.message_dict[f"liggedogn|{acute().pk}"]
    assert "17 × 28 = 476" in messages[0]
    assert not feb.verdier.exists()

    saved = arbeidsflyt.lagre(
        objekt=feb, user=users["bfe_rapportor"], raw={key: "400"}, versjon=0, idag=MARCH
    )
    assert saved.versjon == 1
    result = skjematyper.for_skjema(feb.skjema).kontroller(feb, {key: "400"})
    assert result.beregnet[str(acute().pk)]["belegg"] == Decimal("84.0")
    assert result.beregnet[str(acute().pk)]["under_terskel"] is False


@pytest.mark.parametrize(
    ("raw", "message"),
    [("-1", "under"), ("3,5", "heltall"), ("mange", "tall")],
)
def test_numbers_must_be_non_negative_integers(skjema, users, raw, message):
    feb = submission(skjema["belegg"], "belegg", 2)
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lagre(
            objekt=feb,
            user=users["bfe_rapportor"],
            raw={("liggedogn", str(acute().pk)): raw},
            versjon=0,
            idag=MARCH,
        )
    assert message in str(error.value.messages).lower()


# Bistandsplikt


def bistand_raw(**values):
    return {(code, "gamle-oslo|akutt"): value for code, value in values.items()}


def test_bistandsplikt_rules(skjema, users):
    feb = submission(skjema["bistandsplikt"], "bistandsplikt", 2)

    def errors(**values):
        with pytest.raises(ValidationError) as error:
            arbeidsflyt.lagre(
                objekt=feb,
                user=users["bfe_rapportor"],
                raw=bistand_raw(**values),
                versjon=0,
                idag=MARCH,
            )
        return error.value.message_dict

    assert "brudd|gamle-oslo|akutt" in errors(foresporsler="2", brudd="3")
    assert "forklaring|gamle-oslo|akutt" in errors(foresporsler="3", brudd="1")
    assert "innen_2_timer|gamle-oslo|akutt" in errors(foresporsler="3", innen_2_timer="4")
    found = errors(foresporsler="3", brudd="1", forklaring="Barnet 01859000009 fikk ikke plass")
    assert "fødselsnummer" in str(found["forklaring|gamle-oslo|akutt"])
    arbeidsflyt.lagre(
        objekt=feb,
        user=users["bfe_rapportor"],
        raw=bistand_raw(
            foresporsler="3",
            brudd="1",
            innen_2_timer="2",
            eqs="EQS-2026-123",
            forklaring="Ingen ledig akuttplass; løst neste dag.",
        ),
        versjon=0,
        idag=MARCH,
    )
    assert feb.verdier.count() == 5


def test_a_district_reports_only_for_itself(skjema, virksomheter):
    district = submission(skjema["bistandsplikt"], "bistandsplikt", 2, virksomhet="gamle-oslo")
    rows = skjematyper.for_skjema(district.skjema).rader(district)
    assert {row.nokkel.split("|")[0] for row in rows} == {"gamle-oslo"}
    assert len(rows) == 6


# The workflow


def test_save_submit_approve_then_locked(skjema, users):
    feb = submission(skjema["belegg"], "belegg", 2)
    raw = {
        (code, str(institution.pk)): value
        for institution in Institusjon.objects.all()
        for code, value in (
            ("liggedogn", "400" if institution.type == "akutt" else "140"),
            ("barn_ved_slutt", "5"),
        )
    }
    arbeidsflyt.lagre(objekt=feb, user=users["bfe_rapportor"], raw=raw, versjon=0, idag=MARCH)
    with pytest.raises(PermissionDenied):
        arbeidsflyt.lever(objekt=feb, user=users["bfe_rapportor"], idag=MARCH)
    arbeidsflyt.lever(objekt=feb, user=users["bfe_godkjenner"], idag=MARCH)
    with pytest.raises(PermissionDenied):
        arbeidsflyt.godkjenn(objekt=feb, user=users["bfe_godkjenner"])
    approved = arbeidsflyt.godkjenn(objekt=feb, user=users["set_styrer"])
    assert approved.status == Innsending.Status.GODKJENT
    with pytest.raises(ValidationError):
        arbeidsflyt.lagre(
            objekt=approved, user=users["bfe_rapportor"], raw=raw, versjon=1, idag=MARCH
        )
    returned = arbeidsflyt.returner(
        objekt=approved, user=users["set_styrer"], kommentar="Sjekk liggedøgn for akutt."
    )
    assert returned.returkommentar == "Sjekk liggedøgn for akutt."
    assert returned.endret_etter_godkjenning


def test_an_incomplete_submission_cannot_be_submitted(skjema, users):
    feb = submission(skjema["belegg"], "belegg", 2)
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lever(objekt=feb, user=users["bfe_godkjenner"], idag=MARCH)
    assert error.value.code == "ufullstendig"


def test_another_agency_cannot_save(skjema, users):
    feb = submission(skjema["belegg"], "belegg", 2)
    with pytest.raises(PermissionDenied):
        arbeidsflyt.lagre(objekt=feb, user=users["vel_rapportor"], raw={}, versjon=0, idag=MARCH)
    assert not Innsending.objects.for_user(users["vel_rapportor"]).exists()


def test_a_period_locks_after_the_deadline_until_the_department_opens_it(skjema, users):
    feb = submission(skjema["belegg"], "belegg", 2)  # due 15.03.2026, locks after 25.03
    key = ("liggedogn", str(acute().pk))
    late = datetime.date(2026, 3, 26)
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lagre(
            objekt=feb, user=users["bfe_rapportor"], raw={key: "400"}, versjon=0, idag=late
        )
    assert error.value.code == "periode_laast"
    with pytest.raises(PermissionDenied):
        arbeidsflyt.gjenaapne(objekt=feb, user=users["bfe_godkjenner"], grunn="x", gyldig_til=late)
    arbeidsflyt.gjenaapne(
        objekt=feb,
        user=users["set_styrer"],
        grunn="Sykdom i avdelingen",
        gyldig_til=datetime.date(2026, 3, 31),
    )
    # Reopening is a change of state: it raises the version, like every other.
    arbeidsflyt.lagre(
        objekt=feb, user=users["bfe_rapportor"], raw={key: "400"}, versjon=feb.versjon, idag=late
    )


def test_a_stale_save_is_refused_and_audited(skjema, users):
    feb = submission(skjema["belegg"], "belegg", 2)
    key = ("liggedogn", str(acute().pk))
    arbeidsflyt.lagre(
        objekt=feb, user=users["bfe_rapportor"], raw={key: "400"}, versjon=0, idag=MARCH
    )
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt) as error:
        arbeidsflyt.lagre(
            objekt=feb,
            user=users["bfe_godkjenner"],
            raw={key: "410"},
            versjon=0,
            idag=MARCH,
        )
    assert error.value.deres[key] == Decimal("400")
    entries = Endring.objects.for_object(feb).order_by("pk")
    assert [e.handling for e in entries if e.handling in ("endret", "avvist")] == [
        "endret",
        "avvist",
    ]
    refused = entries.get(handling="avvist")
    assert refused.endringer == {f"liggedogn|{acute().pk}": ["400", "410"]}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_one_wins_and_both_are_audited(virksomheter, make_user):
    from styring import loading

    loading.last_alle()
    belegg = Skjema.objects.get(kode="belegg")
    feb = submission(belegg, "belegg", 2)
    key = ("liggedogn", str(acute().pk))
    people = [make_user("BFE", Rolle.RAPPORTOR, "a"), make_user("BFE", Rolle.GODKJENNER, "b")]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, value):
        try:
            barrier.wait()
            arbeidsflyt.lagre(objekt=feb, user=user, raw={key: value}, versjon=0, idag=MARCH)
            outcomes.append("saved")
        except arbeidsflyt.Samtidighetskonflikt:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(people[0], "400")),
        threading.Thread(target=save, args=(people[1], "410")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    feb.refresh_from_db()
    assert feb.versjon == 1
    handlings = sorted(Endring.objects.for_object(feb).values_list("handling", flat=True))
    assert handlings.count("avvist") == 1
    assert handlings.count("endret") == 1


# An obligation defined by a department user, with no code


def test_a_generic_obligation_checks_by_unit(virksomheter, users):
    skjema = Skjema.objects.create(
        kode="soknader",
        navn="Søknader og plasser per institusjon",
        eier=virksomheter["SET"],
        frekvens="maaned",
        inndeling=Skjema.Inndeling.KATEGORI,
        kategorier=["Institusjon A", "Institusjon B"],
        aktiv_fra=datetime.date(2026, 1, 1),
    )
    skjema.rapportorer.add(virksomheter["VEL"])
    Skjemafelt.objects.create(skjema=skjema, kode="soknader", navn="Søknader", enhet="heltall")
    Skjemafelt.objects.create(skjema=skjema, kode="andel", navn="Andel innvilget", enhet="prosent")
    march = submission(skjema, "soknader", 3, virksomhet="VEL")
    user = users["vel_rapportor"]
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lagre(
            objekt=march,
            user=user,
            raw={("soknader", "Institusjon A"): "12", ("andel", "Institusjon A"): "120"},
            versjon=0,
            idag=datetime.date(2026, 4, 2),
        )
    assert list(error.value.message_dict) == ["andel|Institusjon A"]
    arbeidsflyt.lagre(
        objekt=march,
        user=user,
        raw={("soknader", "Institusjon A"): "12", ("andel", "Institusjon A"): "75,5"},
        versjon=0,
        idag=datetime.date(2026, 4, 2),
    )
    assert march.verdier.get(felt__kode="andel", rad="Institusjon A").tall == Decimal("75.50")


def test_demo_data_is_24_months_deterministic_and_marked(brev):
    from indikatorer.demo import lag_demodata

    day = datetime.date(2026, 3, 20)
    made = lag_demodata(idag=day)
    assert made == 24 * (1 + 16)  # belegg for BFE; bistandsplikt for BFE and 15 districts
    assert lag_demodata(idag=day) == 0
    months = Innsending.objects.filter(skjema__kode="belegg").order_by("periode_fra")
    assert (months.first().periode_fra, months.last().periode_fra) == (
        datetime.date(2024, 3, 1),
        datetime.date(2026, 2, 1),
    )
    assert all(i.demo for i in Innsending.objects.all())
    first = [
        (v.felt.kode, v.rad, v.tall)
        for v in months.first().verdier.select_related("felt").order_by("felt__kode", "rad")
    ]
    Innsending.objects.all().delete()
    lag_demodata(idag=day)
    again = Innsending.objects.filter(skjema__kode="belegg").order_by("periode_fra").first()
    assert first == [
        (v.felt.kode, v.rad, v.tall)
        for v in again.verdier.select_related("felt").order_by("felt__kode", "rad")
    ]
    for innsending in Innsending.objects.filter(skjema__kode="belegg"):
        handler_result = skjematyper.for_skjema(innsending.skjema).kontroller(
            innsending,
            {(v.felt.kode, v.rad): str(v.tall) for v in innsending.verdier.select_related("felt")},
        )
        assert not handler_result.feil, innsending
