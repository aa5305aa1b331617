"""The shared submission workflow (styring.arbeidsflyt) for both kinds of report: every
change of state is one conditional UPDATE that raises the version, a stale save never
undoes a submission or an approval (issue 15's lost update), the kind's hooks run in the
same transaction, and the page and API mixins answer a conflict, a stranger and a reader
the same way for the monthly submission and the budget report."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budsjett import services
from budsjett.models import Budsjettrapport, Regnskap
from budsjett.selectors import budsjett_per_konto
from indikatorer import skjematyper
from indikatorer.models import Resultat
from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Verdi
from indikatorer.services.innsending import InnsendingArt, opprett_innsendinger
from styring.access import Rolle
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Endring, Virksomhet

MARCH = datetime.date(2026, 3, 20)  # February is due 15.03 and locks after 25.03
NOW = datetime.datetime(2026, 3, 20, 12, tzinfo=ZoneInfo("Europe/Oslo"))
CONFLICT_HEADING = "Noen andre lagret først"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def belegg_raw(liggedogn="400"):
    return {
        (code, str(institution.pk)): value
        for institution in Institusjon.objects.all()
        for code, value in (
            ("liggedogn", liggedogn if institution.type == "akutt" else "140"),
            ("barn_ved_slutt", "5"),
        )
    }


def saved_belegg(feb, users):
    """BFE's February belegg, saved complete by the reporter (version 1)."""
    return arbeidsflyt.lagre(
        objekt=feb, user=users["bfe_rapportor"], raw=belegg_raw(), versjon=0, idag=MARCH
    )


def values(innsending):
    return sorted(
        Verdi.objects.filter(innsending=innsending).values_list("felt__kode", "rad", "tall")
    )


def budget_raw(virksomhet, user, share=12):
    budget = budsjett_per_konto(virksomhet=virksomhet, aar=2026, user=user)
    return {konto.pk: (str(amount // share), "") for konto, amount in budget.items()}


def saved_january(users):
    """BFE's accounts for January 2026, saved complete by the reporter (version 1)."""
    bfe = Virksomhet.objects.get(kode="BFE")
    reporter = users["bfe_rapportor"]
    report = services.ny_rapport(virksomhet=bfe, aar=2026, type="regnskap", periode=1)
    return arbeidsflyt.lagre(objekt=report, user=reporter, raw=budget_raw(bfe, reporter), versjon=0)


def amounts(report):
    return sorted(Regnskap.objects.filter(rapport=report).values_list("konto", "belop"))


# The lost update of issue 15 cannot come back


def test_a_save_loaded_before_a_submission_conflicts_and_the_submission_stands(feb, users):
    saved = saved_belegg(feb, users)
    reporters_copy = Innsending.objects.get(pk=saved.pk)  # the page the reporter has open
    arbeidsflyt.lever(
        objekt=Innsending.objects.get(pk=saved.pk),
        user=users["bfe_godkjenner"],
        versjon=1,
        idag=MARCH,
    )
    before = values(saved)
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt) as conflict:
        arbeidsflyt.lagre(
            objekt=reporters_copy,
            user=users["bfe_rapportor"],
            raw=belegg_raw(liggedogn="1"),
            versjon=reporters_copy.versjon,
            idag=MARCH,
        )
    assert conflict.value.naa.status == Innsending.Status.LEVERT
    assert "«Levert»" in conflict.value.messages[0]
    saved.refresh_from_db()
    assert (saved.status, saved.versjon) == (Innsending.Status.LEVERT, 2)
    assert values(saved) == before
    refused = Endring.objects.for_object(saved).get(handling=Endring.Handling.AVVIST)
    assert refused.endringer[f"liggedogn|{Institusjon.objects.get(type='akutt').pk}"] == [
        "400",
        "1",
    ]


def test_a_save_loaded_before_an_approval_conflicts_and_the_results_stay_approved(
    brev, make_user, users
):
    skjema = Skjema.objects.get(kode="bistandsplikt")
    opprett_innsendinger(skjema=skjema, idag=MARCH)
    feb = Innsending.objects.get(
        skjema=skjema, virksomhet__kode="gamle-oslo", periode_fra=datetime.date(2026, 2, 1)
    )
    reporter = make_user("gamle-oslo", Rolle.RAPPORTOR)
    approver = make_user("gamle-oslo", Rolle.GODKJENNER)
    raw = {
        (code, f"gamle-oslo|{kind}"): value
        for kind, _label in skjematyper.PLASSERINGSTYPER
        for code, value in (("foresporsler", "3"), ("brudd", "0"))
    }
    raw[("brudd", "gamle-oslo|akutt")] = "1"
    raw[("forklaring", "gamle-oslo|akutt")] = "Ingen ledig akuttplass."
    saved = arbeidsflyt.lagre(objekt=feb, user=reporter, raw=raw, versjon=0, idag=MARCH)
    reporters_copy = Innsending.objects.get(pk=saved.pk)
    arbeidsflyt.lever(objekt=saved, user=approver, idag=MARCH)
    arbeidsflyt.godkjenn(objekt=saved, user=users["set_styrer"], versjon=saved.versjon)
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt):
        arbeidsflyt.lagre(
            objekt=reporters_copy,
            user=reporter,
            raw={**raw, ("brudd", "gamle-oslo|akutt"): "3"},
            versjon=reporters_copy.versjon,
            idag=MARCH,
        )
    saved.refresh_from_db()
    assert saved.status == Innsending.Status.GODKJENT
    breaches = Resultat.objects.get(
        indikator__navn="Antall brudd på bistandsplikten",
        periode="m02",
        virksomhet__kode="gamle-oslo",
    )
    assert breaches.verdi == 1
    assert Verdi.objects.get(innsending=saved, felt__kode="brudd", rad="gamle-oslo|akutt").tall == 1


def test_a_budget_save_loaded_before_a_submission_conflicts(brev, users):
    january = saved_january(users)
    reporters_copy = Budsjettrapport.objects.get(pk=january.pk)
    arbeidsflyt.lever(objekt=january, user=users["bfe_godkjenner"], versjon=1)
    before = amounts(january)
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt) as conflict:
        arbeidsflyt.lagre(
            objekt=reporters_copy,
            user=users["bfe_rapportor"],
            raw={konto: ("1", "") for konto, _amount in before},
            versjon=reporters_copy.versjon,
        )
    assert conflict.value.deres == {konto: (amount, "") for konto, amount in before}
    january.refresh_from_db()
    assert (january.status, january.versjon) == (Budsjettrapport.Status.LEVERT, 2)
    assert amounts(january) == before
    arbeidsflyt.godkjenn(objekt=january, user=users["set_styrer"])
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt):
        arbeidsflyt.lagre(objekt=reporters_copy, user=users["bfe_rapportor"], raw={}, versjon=1)
    january.refresh_from_db()
    assert january.status == Budsjettrapport.Status.GODKJENT


# One UPDATE per change of state, each raising the version


def updates_of(queries, table):
    return [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{table}"')]


def test_every_change_of_state_is_one_update_that_raises_the_version(feb, users):
    steps = [
        lambda o: arbeidsflyt.lagre(
            objekt=o, user=users["bfe_rapportor"], raw=belegg_raw(), versjon=o.versjon, idag=MARCH
        ),
        lambda o: arbeidsflyt.lever(objekt=o, user=users["bfe_godkjenner"], idag=MARCH),
        lambda o: arbeidsflyt.godkjenn(objekt=o, user=users["set_styrer"], versjon=o.versjon),
        lambda o: arbeidsflyt.returner(objekt=o, user=users["set_styrer"], kommentar="Feil."),
        lambda o: arbeidsflyt.gjenaapne(
            objekt=o, user=users["set_styrer"], grunn="Syk", gyldig_til=MARCH, versjon=o.versjon
        ),
    ]
    innsending, versions = feb, [feb.versjon]
    for step in steps:
        with CaptureQueriesContext(connection) as queries:
            innsending = step(innsending)
        sql = updates_of(queries, "indikatorer_innsending")
        assert len(sql) == 1, sql
        assert '"versjon" = ' in sql[0]
        assert '"status" IN' in sql[0]
        versions.append(innsending.versjon)
    assert versions == [0, 1, 2, 3, 4, 5]
    assert innsending.unntak.count() == 1


def test_actions_on_an_older_version_conflict_and_change_nothing(brev, users):
    january = saved_january(users)
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt):
        arbeidsflyt.lever(objekt=january, user=users["bfe_godkjenner"], versjon=0)
    arbeidsflyt.lever(objekt=january, user=users["bfe_godkjenner"], versjon=1)
    for action, extra in ((arbeidsflyt.godkjenn, {}), (arbeidsflyt.returner, {"kommentar": "x"})):
        with pytest.raises(arbeidsflyt.Samtidighetskonflikt):
            action(objekt=january, user=users["set_styrer"], versjon=1, **extra)
    january.refresh_from_db()
    assert (january.status, january.versjon) == (Budsjettrapport.Status.LEVERT, 2)


def test_permissions_come_from_the_rule_book(feb, users):
    saved = saved_belegg(feb, users)
    # The department never writes an agency's numbers; the agency never approves.
    with pytest.raises(PermissionDenied):
        arbeidsflyt.lagre(objekt=saved, user=users["set_styrer"], raw={}, versjon=1)
    with pytest.raises(PermissionDenied):
        arbeidsflyt.lever(objekt=saved, user=users["set_styrer"], idag=MARCH)
    arbeidsflyt.lever(objekt=saved, user=users["bfe_godkjenner"], idag=MARCH)
    for user in ("bfe_godkjenner", "bfe_rapportor", "vel_rapportor", "uten_virksomhet"):
        with pytest.raises(PermissionDenied):
            arbeidsflyt.godkjenn(objekt=saved, user=users[user])
    assert Innsending.objects.get(pk=saved.pk).status == Innsending.Status.LEVERT


def test_the_approval_hook_runs_in_the_approvals_transaction(feb, users, monkeypatch):
    saved = saved_belegg(feb, users)
    arbeidsflyt.lever(objekt=saved, user=users["bfe_godkjenner"], idag=MARCH)

    def fails(self, objekt):
        raise RuntimeError("the results could not be computed")

    monkeypatch.setattr(InnsendingArt, "etter_godkjenning", fails)
    with pytest.raises(RuntimeError):
        arbeidsflyt.godkjenn(objekt=saved, user=users["set_styrer"])
    saved.refresh_from_db()
    assert (saved.status, saved.versjon, saved.godkjent) == (Innsending.Status.LEVERT, 2, None)


# Periods: opened by the daily task and by the first save, never by reading


def test_the_daily_task_opens_every_ended_period_once(brev, frozen):
    from config.celery import app
    from indikatorer.tasks import aapne_perioder

    assert "indikatorer.tasks.aapne_perioder" in [
        entry["task"] for entry in app.conf.beat_schedule.values()
    ]
    opened = aapne_perioder.apply().get()
    # January and February for BFE's belegg and bistandsplikt and the 15 districts.
    assert opened == 2 * (1 + 16)
    assert Innsending.objects.count() == opened
    assert set(Innsending.objects.values_list("status", flat=True)) == {"ikke_paabegynt"}
    assert aapne_perioder.apply().get() == 0
    created = Endring.objects.filter(
        content_type__model="innsending", handling=Endring.Handling.OPPRETTET
    )
    assert set(created.values_list("utfort_av", flat=True)) == {"indikatorer.tasks.aapne_perioder"}


# The page mixin, on both pages


@pytest.fixture
def both(feb, users, frozen):
    """BFE's February belegg and January accounts, each saved complete (version 1)."""
    return {
        "innsending": (saved_belegg(feb, users), reverse("indikatorer:innsending", args=[feb.pk])),
        "budsjett": (
            saved_january(users),
            reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1]),
        ),
    }


@pytest.mark.parametrize("kind", ["innsending", "budsjett"])
def test_a_stale_page_says_somebody_else_saved_first(both, kind, users, client_for):
    report, url = both[kind]
    approver = client_for(users["bfe_godkjenner"])
    page = approver.get(url)
    assert 'value="lever"' in page.text
    assert 'name="versjon" value="1"' in page.text
    assert approver.post(url, {"handling": "lever", "versjon": "1"}).status_code == 302
    # A page opened before the submission: submitting again, and saving, both conflict.
    again = approver.post(url, {"handling": "lever", "versjon": "1"})
    assert again.status_code == 200
    assert CONFLICT_HEADING in again.text
    assert "«Levert»" in again.text
    stale_save = client_for(users["bfe_rapportor"]).post(url, {"handling": "lagre", "versjon": "1"})
    assert stale_save.status_code == 200
    assert CONFLICT_HEADING in stale_save.text
    report.refresh_from_db()
    assert (report.status, report.versjon) == ("levert", 2)
    officer = client_for(users["set_styrer"])
    assert officer.post(url, {"handling": "godkjenn", "versjon": "1"}).status_code == 200
    assert officer.post(url, {"handling": "godkjenn", "versjon": "2"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.versjon) == ("godkjent", 3)


@pytest.mark.parametrize("kind", ["innsending", "budsjett"])
def test_a_stranger_gets_404_and_a_reader_403_on_every_action(both, kind, users, client_for):
    report, url = both[kind]
    handlinger = ("lagre", "lever", "godkjenn", "returner", "aapne")
    posts = [{"handling": h, "versjon": "1", "kommentar": "x", "grunn": "x"} for h in handlinger]
    stranger = client_for(users["vel_rapportor"])
    assert stranger.get(url).status_code == 404
    assert [stranger.post(url, data).status_code for data in posts] == [404] * 5
    reader = client_for(users["bfe_leser"])
    assert [reader.post(url, data).status_code for data in posts] == [403] * 5
    report.refresh_from_db()
    assert (report.status, report.versjon) == ("utkast", 1)


def test_a_stale_budget_save_shows_both_sets_of_amounts(both, users, client_for):
    report, url = both["budsjett"]
    konto = Regnskap.objects.filter(rapport=report).order_by("konto").first().konto
    first = client_for(users["bfe_godkjenner"])
    saved = first.post(url, {"handling": "lagre", "versjon": "1", f"b__{konto.pk}": "5"})
    assert saved.status_code == 302
    response = client_for(users["bfe_rapportor"]).post(
        url, {"handling": "lagre", "versjon": "1", f"b__{konto.pk}": "7"}
    )
    assert response.status_code == 200
    assert 'id="konflikt"' in response.text
    rows = response.context["konflikt"]["rader"]
    assert {"navn": [konto.etikett], "mine": 7, "deres": 5} in rows
    assert 'value="7"' in response.text  # what was typed stays in the form
    assert 'name="versjon" value="2"' in response.text  # saving again overwrites


def test_an_invalid_version_or_action_on_a_page_changes_nothing(both, users, client_for):
    report, url = both["innsending"]
    client = client_for(users["bfe_godkjenner"])
    assert client.post(url, {"handling": "slett"}).status_code == 302
    assert client.post(url, {"handling": "lever", "versjon": "en"}).status_code == 302
    response = client.post(url, {"handling": "lagre"})  # no version: never the current one
    assert CONFLICT_HEADING in response.text
    report.refresh_from_db()
    assert (report.status, report.versjon) == ("utkast", 1)


# The API mixin, on both viewsets


def api_urls(kind, pk):
    base = "/api/innsendinger" if kind == "innsending" else "/api/budsjettrapporter"
    return {action: f"{base}/{pk}/{action}/" for action in ("lever", "godkjenn", "returner")}


@pytest.mark.parametrize("kind", ["innsending", "budsjett"])
def test_the_api_actions_take_an_optional_version(both, kind, users, api_for):
    report, _url = both[kind]
    urls = api_urls(kind, report.pk)
    approver, officer = api_for(users["bfe_godkjenner"]), api_for(users["set_styrer"])
    stale = approver.post(urls["lever"], {"versjon": 0}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert (body["code"], body["versjon"], body["status"]) == ("samtidig_endring", 1, "utkast")
    assert body["deres"]
    assert approver.post(urls["lever"], {"versjon": "en"}, format="json").status_code == 400
    submitted = approver.post(urls["lever"], {"versjon": 1}, format="json")
    assert submitted.status_code == 200, submitted.json()
    assert (submitted.json()["status"], submitted.json()["versjon"]) == ("levert", 2)
    assert officer.post(urls["godkjenn"], {"versjon": 1}, format="json").status_code == 409
    assert officer.post(urls["godkjenn"]).json()["status"] == "godkjent"  # without a version
    assert officer.post(urls["returner"], {"versjon": 3}, format="json").status_code == 400
    back = officer.post(urls["returner"], {"versjon": 3, "kommentar": "Sjekk."}, format="json")
    assert (back.json()["status"], back.json()["versjon"]) == ("returnert", 4)
    assert back.json()["endret_etter_godkjenning"] is True


@pytest.mark.parametrize("kind", ["innsending", "budsjett"])
def test_the_api_actions_answer_a_stranger_404_and_a_reader_403(both, kind, users, api_for):
    report, _url = both[kind]
    stranger, reader = api_for(users["vel_rapportor"]), api_for(users["bfe_leser"])
    for url in api_urls(kind, report.pk).values():
        assert stranger.post(url, {"kommentar": "x"}, format="json").status_code == 404
        # Checked before the body: no field errors for a user without the role.
        assert reader.post(url, {"versjon": "en"}, format="json").status_code == 403
    report.refresh_from_db()
    assert (report.status, report.versjon) == ("utkast", 1)


def test_a_stale_api_save_after_a_submission_is_409_with_the_status(both, users, api_for):
    report, _url = both["innsending"]
    arbeidsflyt.lever(objekt=report, user=users["bfe_godkjenner"], idag=MARCH)
    response = api_for(users["bfe_rapportor"]).post(
        f"/api/innsendinger/{report.pk}/verdier/",
        {"versjon": 1, "verdier": [{"felt": "kommentar", "rad": "", "verdi": "x"}]},
        format="json",
    )
    # An unknown row is refused first; a known one meets the conflict.
    assert response.status_code == 400
    row = str(Institusjon.objects.get(type="akutt").pk)
    response = api_for(users["bfe_rapportor"]).post(
        f"/api/innsendinger/{report.pk}/verdier/",
        {"versjon": 1, "verdier": [{"felt": "liggedogn", "rad": row, "verdi": "1"}]},
        format="json",
    )
    assert response.status_code == 409
    assert (response.json()["status"], response.json()["versjon"]) == ("levert", 2)
    theirs = {(v["felt"], v["rad"]): v["verdi"] for v in response.json()["deres"]}
    assert theirs[("liggedogn", row)] == "400"
    assert Verdi.objects.get(innsending=report, felt__kode="liggedogn", rad=row).tall == Decimal(
        400
    )
