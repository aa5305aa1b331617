"""Periodic reporting through the pages: the list, the form with its rules and workflow,
concurrent saves, scope, and the overview of who has reported."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Verdi
from indikatorer.services.innsending import opprett_innsendinger
from styring.arbeidsflyt import services as arbeidsflyt

NOW = datetime.datetime(2026, 3, 20, 12, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def februar(brev, frozen):
    belegg = Skjema.objects.get(kode="belegg")
    opprett_innsendinger(skjema=belegg, idag=NOW.date())
    return Innsending.objects.get(skjema=belegg, periode_fra=datetime.date(2026, 2, 1))


def acute():
    return Institusjon.objects.get(type=Institusjon.Type.AKUTT)


def name(code, institution):
    return f"v__{code}__{institution.pk}"


def full_belegg():
    data = {}
    for institution in Institusjon.objects.all():
        data[name("liggedogn", institution)] = "400" if institution.type == "akutt" else "140"
        data[name("barn_ved_slutt", institution)] = "5"
    return data


def save(client, innsending, data, versjon=None):
    payload = {"handling": "lagre", "versjon": innsending.versjon if versjon is None else versjon}
    payload.update(data)
    return client.post(reverse("indikatorer:innsending", args=[innsending.pk]), payload)


def test_the_list_shows_periods_due_and_not_opened_without_opening_them(
    brev, users, client_for, frozen
):
    # Changed on purpose (issue 15): a GET writes nothing. The list used to open the
    # missing periods; it now shows them as not started, and their page opens them.
    response = client_for(users["bfe_rapportor"]).get(reverse("indikatorer:innsendinger"))
    assert response.status_code == 200
    assert not Innsending.objects.exists()
    feb = next(
        i
        for i in response.context["uaapnede"]
        if i.skjema.kode == "belegg" and i.periode_fra == datetime.date(2026, 2, 1)
    )
    assert feb.status == Innsending.Status.IKKE_PAABEGYNT
    url = reverse("indikatorer:innsending-ny", args=["belegg", "BFE", 2026, 2])
    assert feb.get_absolute_url() == url
    assert url in response.text
    assert "15.03.2026" in response.text
    assert "februar 2026" in response.text
    assert 'data-status="ikke_paabegynt"' in response.text
    filtered = client_for(users["bfe_rapportor"]).get(
        reverse("indikatorer:innsendinger"), {"skjema": "belegg", "aar": "2026"}
    )
    assert url in filtered.text
    other = reverse("indikatorer:innsending-ny", args=["bistandsplikt", "BFE", 2026, 2])
    assert other in response.text
    assert other not in filtered.text
    # Another agency's periods are not listed; opened ones are listed once, as submissions.
    assert (
        url not in client_for(users["vel_rapportor"]).get(reverse("indikatorer:innsendinger")).text
    )
    opprett_innsendinger(skjema=Skjema.objects.get(kode="belegg"), idag=NOW.date())
    opened = client_for(users["bfe_rapportor"]).get(reverse("indikatorer:innsendinger"))
    assert url not in opened.text
    saved = Innsending.objects.get(skjema__kode="belegg", periode_fra=datetime.date(2026, 2, 1))
    assert saved.get_absolute_url() in opened.text


def test_the_first_save_of_a_period_not_opened_opens_it(brev, users, client_for, frozen):
    url = reverse("indikatorer:innsending-ny", args=["belegg", "BFE", 2026, 2])
    assert client_for(users["vel_rapportor"]).get(url).status_code == 404
    assert client_for(users["bfe_rapportor"]).get(url + "x").status_code == 404
    not_ended = reverse("indikatorer:innsending-ny", args=["belegg", "BFE", 2026, 3])
    assert client_for(users["bfe_rapportor"]).get(not_ended).status_code == 404
    reader = client_for(users["bfe_leser"])
    page = reader.get(url)
    assert page.status_code == 200
    assert 'name="v__' not in page.text
    assert reader.post(url, {"handling": "lagre", "versjon": "0"}).status_code == 403
    assert client_for(users["set_styrer"]).get(url).status_code == 200

    client = client_for(users["bfe_rapportor"])
    page = client.get(url)
    assert f'name="v__liggedogn__{acute().pk}"' in page.text
    assert 'value="lever"' not in page.text
    response = client.post(
        url, {"handling": "lagre", "versjon": "0", name("liggedogn", acute()): "9999"}
    )
    assert response.status_code == 200
    assert "17 × 28 = 476" in response.text
    assert not Innsending.objects.exists()  # a refused save opens nothing
    response = client.post(url, {"handling": "lagre", "versjon": "0", **full_belegg()})
    feb = Innsending.objects.get(skjema__kode="belegg", periode_fra=datetime.date(2026, 2, 1))
    assert response.status_code == 302
    assert response["Location"] == reverse("indikatorer:innsending", args=[feb.pk])
    assert (feb.status, feb.versjon, feb.frist) == ("utkast", 1, datetime.date(2026, 3, 15))
    assert (
        Verdi.objects.get(innsending=feb, rad=str(acute().pk), felt__kode="liggedogn").tall == 400
    )
    # Once opened, the period's address leads to the submission; a stale page conflicts.
    assert client.get(url)["Location"] == reverse("indikatorer:innsending", args=[feb.pk])
    stale = client.post(url, {"handling": "lagre", "versjon": "0", **full_belegg()})
    assert stale.status_code == 200
    assert 'id="konflikt"' in stale.text
    assert Innsending.objects.count() == 1


def test_too_many_bed_days_are_refused_then_a_valid_number_is_saved(februar, users, client_for):
    client = client_for(users["bfe_rapportor"])
    response = save(client, februar, {name("liggedogn", acute()): "500"})
    assert response.status_code == 200
    assert "17 × 28 = 476" in response.text
    assert f'href="#v-liggedogn-{acute().pk}"' in response.text
    assert 'value="500"' in response.text
    assert not Verdi.objects.filter(innsending=februar).exists()

    response = save(client, februar, {name("liggedogn", acute()): "400"})
    assert response.status_code == 302
    page = client.get(reverse("indikatorer:innsending", args=[februar.pk]))
    assert "84,0 %" in page.text
    assert 'value="400"' in page.text
    assert f'aria-label="{acute().navn}, ' in page.text
    assert page.context["tabell"][0]["plasser"] in (17, 30, 5)


def test_save_submit_approve_then_nothing_changes(februar, users, client_for):
    client = client_for(users["bfe_rapportor"])
    assert save(client, februar, full_belegg()).status_code == 302
    page = client.get(reverse("indikatorer:innsending", args=[februar.pk]))
    assert 'value="lever"' not in page.text

    client = client_for(users["bfe_godkjenner"])
    page = client.get(reverse("indikatorer:innsending", args=[februar.pk]))
    assert 'value="lever"' in page.text
    client.post(reverse("indikatorer:innsending", args=[februar.pk]), {"handling": "lever"})
    februar.refresh_from_db()
    assert februar.status == Innsending.Status.LEVERT

    response = client.post(
        reverse("indikatorer:innsending", args=[februar.pk]), {"handling": "godkjenn"}
    )
    assert response.status_code == 403

    client = client_for(users["set_styrer"])
    page = client.get(reverse("indikatorer:innsending", args=[februar.pk]))
    assert 'value="godkjenn"' in page.text
    assert 'name="v__' not in page.text
    client.post(reverse("indikatorer:innsending", args=[februar.pk]), {"handling": "godkjenn"})
    februar.refresh_from_db()
    assert februar.status == Innsending.Status.GODKJENT

    client = client_for(users["bfe_rapportor"])
    page = client.get(reverse("indikatorer:innsending", args=[februar.pk]))
    assert 'name="v__' not in page.text
    before = sorted(Verdi.objects.filter(innsending=februar).values_list("rad", "felt", "tall"))
    save(client, februar, {name("liggedogn", acute()): "1"})
    februar.refresh_from_db()
    assert februar.status == Innsending.Status.GODKJENT
    assert (
        sorted(Verdi.objects.filter(innsending=februar).values_list("rad", "felt", "tall"))
        == before
    )


def test_a_returned_submission_shows_the_comment(februar, users, client_for):
    save(client_for(users["bfe_rapportor"]), februar, full_belegg())
    arbeidsflyt.lever(objekt=februar, user=users["bfe_godkjenner"])
    client = client_for(users["set_styrer"])
    response = client.post(
        reverse("indikatorer:innsending", args=[februar.pk]),
        {"handling": "returner", "kommentar": "Sjekk liggedøgn for akutt."},
    )
    assert response.status_code == 302
    page = client_for(users["bfe_rapportor"]).get(
        reverse("indikatorer:innsending", args=[februar.pk])
    )
    assert "Sjekk liggedøgn for akutt." in page.text
    assert 'id="returkommentar"' in page.text
    assert 'name="v__' in page.text


def test_a_stale_version_shows_the_conflict_table(februar, users, client_for):
    key = name("liggedogn", acute())
    save(client_for(users["bfe_godkjenner"]), februar, {key: "400"}, versjon=0)
    response = save(client_for(users["bfe_rapportor"]), februar, {key: "410"}, versjon=0)
    assert response.status_code == 200
    assert 'id="konflikt"' in response.text
    rows = response.context["konflikt"]["rader"]
    assert [(r["mine"], r["deres"]) for r in rows] == [("410", "400")]
    assert 'name="versjon" value="1"' in response.text
    assert Verdi.objects.get(innsending=februar, rad=str(acute().pk)).tall == 400


def test_outside_scope_is_404_and_beyond_role_is_403(februar, users, client_for):
    url = reverse("indikatorer:innsending", args=[februar.pk])
    assert client_for(users["vel_rapportor"]).get(url).status_code == 404
    reader = client_for(users["bfe_leser"])
    page = reader.get(url)
    assert page.status_code == 200
    assert 'name="v__' not in page.text
    response = save(reader, februar, {name("liggedogn", acute()): "400"})
    assert response.status_code == 403
    response = reader.post(url, {"handling": "godkjenn"})
    assert response.status_code == 403


def test_the_department_sees_the_audit_trail(februar, users, client_for):
    save(client_for(users["bfe_rapportor"]), februar, {name("liggedogn", acute()): "400"})
    page = client_for(users["set_styrer"]).get(reverse("indikatorer:innsending", args=[februar.pk]))
    assert page.context["endringer"] is not None
    assert 'id="endringslogg"' in page.text
    page = client_for(users["bfe_rapportor"]).get(
        reverse("indikatorer:innsending", args=[februar.pk])
    )
    assert page.context["endringer"] is None


def test_the_form_page_query_count_is_stable(februar, users, client_for):
    client = client_for(users["bfe_rapportor"])
    url = reverse("indikatorer:innsending", args=[februar.pk])
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    save(client, februar, full_belegg())
    with CaptureQueriesContext(connection) as filled:
        client.get(url)
    assert len(filled) <= len(empty) + 2  # the flash message and session


def test_the_overview_shows_who_has_reported(februar, users, client_for):
    save(client_for(users["bfe_rapportor"]), februar, full_belegg())
    response = client_for(users["set_styrer"]).get(reverse("indikatorer:innsending-oversikt"))
    assert response.status_code == 200
    belegg = next(b for b in response.context["blokker"] if b["skjema"].kode == "belegg")
    bfe = next(r for r in belegg["rader"] if r["virksomhet"].kode == "BFE")
    assert [c["kode"] for c in bfe["celler"]][:2] == ["forsinket", "forsinket"]
    # February: due 15.03, saved as a draft but late.
    assert bfe["celler"][0]["innsending"] == februar
    bistand = next(b for b in response.context["blokker"] if b["skjema"].kode == "bistandsplikt")
    assert len(bistand["rader"]) >= 15
    mine = client_for(users["vel_rapportor"]).get(reverse("indikatorer:innsending-oversikt"))
    assert mine.context["blokker"] == []


def test_an_incomplete_submission_cannot_be_submitted_from_the_page(februar, users, client_for):
    client = client_for(users["bfe_godkjenner"])
    response = client.post(
        reverse("indikatorer:innsending", args=[februar.pk]), {"handling": "lever"}
    )
    assert response.status_code == 200
    assert 'id="handlingsfeil"' in response.text
    februar.refresh_from_db()
    assert februar.status == Innsending.Status.IKKE_PAABEGYNT


def test_the_department_reopens_a_locked_period(brev, users, client_for):
    late = datetime.datetime(2026, 3, 26, 12, tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(late, tick=False):
        belegg = Skjema.objects.get(kode="belegg")
        opprett_innsendinger(skjema=belegg, idag=late.date())
        feb = Innsending.objects.get(skjema=belegg, periode_fra=datetime.date(2026, 2, 1))
        url = reverse("indikatorer:innsending", args=[feb.pk])
        reporter = client_for(users["bfe_rapportor"])
        assert 'name="v__' not in reporter.get(url).text
        assert reporter.post(url, {"handling": "aapne"}).status_code == 403
        client = client_for(users["set_styrer"])
        assert 'value="aapne"' in client.get(url).text
        response = client.post(
            url, {"handling": "aapne", "grunn": "Sykdom", "gyldig_til": "2026-03-31"}
        )
        assert response.status_code == 302
        assert feb.unntak.count() == 1
        assert 'name="v__' in client_for(users["bfe_rapportor"]).get(url).text


def test_the_department_sees_a_submission_changed_after_approval(februar, users, client_for):
    save(client_for(users["bfe_rapportor"]), februar, full_belegg())
    arbeidsflyt.lever(objekt=februar, user=users["bfe_godkjenner"], idag=NOW.date())
    arbeidsflyt.godkjenn(objekt=februar, user=users["set_styrer"])
    department = client_for(users["set_styrer"])
    before = department.get(reverse("indikatorer:innsending-oversikt"))
    assert "endret etter godkjenning" not in before.text
    arbeidsflyt.returner(objekt=februar, user=users["set_styrer"], kommentar="Feil tall.")
    for url in (reverse("indikatorer:innsending-oversikt"), reverse("indikatorer:innsendinger")):
        assert "endret etter godkjenning" in department.get(url).text
