"""Races on PostgreSQL: a save against a submission and a save against an approval, for the
monthly submission and the budget report, through the service and through the API and
the pages — real threads, each with its own database connection.

The save has always loaded the report before the other action (issue 15's lost update:
9 of 12 tries reverted a submission or an approval). Whatever the order the database
serialises them in, a state is never reverted: a submitted or approved report never
becomes a draft because of a stale save, an approved submission's indicator result
matches its approved numbers, and the request that loses always gets the conflict — 409
in the API, «Somebody else saved first» on a page.
"""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connections
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from budsjett.models import Budsjettrapport, Regnskap
from budsjett.selectors import budsjett_per_konto
from indikatorer import skjematyper
from indikatorer.models import Resultat
from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Verdi
from indikatorer.services.innsending import opprett_innsendinger
from styring import loading
from styring.access import Rolle
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Virksomhet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TRIES = 50
MARCH = datetime.date(2026, 3, 20)
NOW = datetime.datetime(2026, 3, 20, 12, tzinfo=ZoneInfo("Europe/Oslo"))
CONFLICT_HEADING = "Noen andre lagret først"


def samtidig(*calls):
    """Run ``calls`` at once, each in a thread of its own (its own connection); their
    outcomes in order: ("ok", result), ("konflikt", error) or ("feil", error)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except arbeidsflyt.Samtidighetskonflikt as conflict:
            outcomes[index] = ("konflikt", conflict)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = ("feil", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(outcome[0] != "feil" for outcome in outcomes), outcomes
    return outcomes


@pytest.fixture
def oppsett(virksomheter, make_user):
    loading.last_alle()
    with time_machine.travel(NOW, tick=True):
        yield {
            "bfe_rapportor": make_user("BFE", Rolle.RAPPORTOR, "bfe-r"),
            "bfe_godkjenner": make_user("BFE", Rolle.GODKJENNER, "bfe-g"),
            "gamle_oslo_rapportor": make_user("gamle-oslo", Rolle.RAPPORTOR, "go-r"),
            "gamle_oslo_godkjenner": make_user("gamle-oslo", Rolle.GODKJENNER, "go-g"),
            "set_styrer": make_user("SET", Rolle.STYRER, "set-s"),
        }


def draft(model, pk):
    """The report back to a draft, for the next try (test setup, not the workflow)."""
    model.objects.filter(pk=pk).update(
        status="utkast", levert=None, levert_av=None, godkjent=None, godkjent_av=None
    )
    return model.objects.get(pk=pk)


def write(row, raw, user):
    """Store ``raw`` on a draft as it is (test setup)."""
    art = row.art()
    parsed, errors = art.kontroller(row, raw, user=user)
    assert not errors, errors
    art.skriv(row, parsed, art.les(row))


# The monthly submission


def belegg(oppsett):
    skjema = Skjema.objects.get(kode="belegg")
    opprett_innsendinger(skjema=skjema, idag=MARCH)
    feb = Innsending.objects.get(skjema=skjema, periode_fra=datetime.date(2026, 2, 1))
    akutt = str(Institusjon.objects.get(type="akutt").pk)
    base = {
        (code, str(institution.pk)): value
        for institution in Institusjon.objects.all()
        for code, value in (
            ("liggedogn", "400" if institution.type == "akutt" else "140"),
            ("barn_ved_slutt", "5"),
        )
    }
    return feb, akutt, base


def bed_days(innsending, row):
    return Verdi.objects.get(innsending=innsending, felt__kode="liggedogn", rad=row).tall


def test_monthly_save_against_submit_through_the_service(oppsett, oppsummering):
    feb, akutt, base = belegg(oppsett)
    won = {"lagre": 0, "lever": 0}
    for attempt in range(TRIES):
        row = draft(Innsending, feb.pk)
        write(row, base, oppsett["bfe_rapportor"])
        reporters, approvers = Innsending.objects.get(pk=feb.pk), Innsending.objects.get(pk=feb.pk)
        start = reporters.versjon
        changed = {**base, ("liggedogn", akutt): str(300 + attempt)}
        save, submit = samtidig(
            lambda r=reporters, c=changed: arbeidsflyt.lagre(
                objekt=r, user=oppsett["bfe_rapportor"], raw=c, versjon=r.versjon, idag=MARCH
            ),
            lambda a=approvers: arbeidsflyt.lever(
                objekt=a, user=oppsett["bfe_godkjenner"], versjon=a.versjon, idag=MARCH
            ),
        )
        assert sorted([save[0], submit[0]]) == ["konflikt", "ok"], (save, submit)
        now = Innsending.objects.get(pk=feb.pk)
        assert now.versjon == start + 1
        if submit[0] == "ok":
            won["lever"] += 1
            # Submitted with the numbers its check read; the stale save changed nothing.
            assert now.status == "levert"
            assert bed_days(now, akutt) == 400
        else:
            won["lagre"] += 1
            assert now.status == "utkast"
            assert bed_days(now, akutt) == 300 + attempt
    oppsummering(
        f"race, monthly save vs submit (service): {TRIES} tries; the save won {won['lagre']}, "
        f"the submission {won['lever']}; the loser got the conflict every time, 0 reverted"
    )


def bistandsplikt(oppsett):
    skjema = Skjema.objects.get(kode="bistandsplikt")
    opprett_innsendinger(skjema=skjema, idag=MARCH)
    feb = Innsending.objects.get(
        skjema=skjema, virksomhet__kode="gamle-oslo", periode_fra=datetime.date(2026, 2, 1)
    )
    base = {
        (code, f"gamle-oslo|{kind}"): value
        for kind, _label in skjematyper.PLASSERINGSTYPER
        for code, value in (("foresporsler", "3"), ("brudd", "0"))
    }
    base[("brudd", "gamle-oslo|akutt")] = "1"
    base[("innen_2_timer", "gamle-oslo|akutt")] = "2"
    base[("forklaring", "gamle-oslo|akutt")] = "Ingen ledig akuttplass."
    return feb, base


def assert_results_match_the_approved_numbers(innsending):
    """The indicator results of the period are those of the numbers approved now."""
    handler = skjematyper.for_skjema(innsending.skjema)
    approved = list(Verdi.objects.filter(innsending=innsending).select_related("felt"))
    fields = [f for f in innsending.skjema.felt.all() if f.indikator_id]
    assert fields
    for felt in fields:
        expected = handler.indikatorverdi(felt, approved)
        result = Resultat.objects.get(
            indikator=felt.indikator, aar=2026, periode="m02", virksomhet=innsending.virksomhet
        )
        assert result.verdi == expected, (felt.kode, result.verdi, expected)


def test_monthly_save_against_approve_through_the_service(oppsett, oppsummering):
    feb, base = bistandsplikt(oppsett)
    for attempt in range(TRIES):
        row = draft(Innsending, feb.pk)
        write(row, base, oppsett["bfe_rapportor"])
        reporters = Innsending.objects.get(pk=feb.pk)  # the reporter's page, before submission
        arbeidsflyt.lever(objekt=row, user=oppsett["gamle_oslo_godkjenner"], idag=MARCH)
        officers = Innsending.objects.get(pk=feb.pk)
        submitted_at = officers.versjon
        changed = {
            **base,
            ("brudd", "gamle-oslo|akutt"): "2",
            ("foresporsler", "gamle-oslo|akutt"): str(4 + attempt),
        }
        save, approve = samtidig(
            lambda r=reporters, c=changed: arbeidsflyt.lagre(
                objekt=r,
                user=oppsett["gamle_oslo_rapportor"],
                raw=c,
                versjon=r.versjon,
                idag=MARCH,
            ),
            lambda o=officers: arbeidsflyt.godkjenn(
                objekt=o, user=oppsett["set_styrer"], versjon=o.versjon
            ),
        )
        assert (save[0], approve[0]) == ("konflikt", "ok"), (save, approve)
        now = Innsending.objects.get(pk=feb.pk)
        assert (now.status, now.versjon) == ("godkjent", submitted_at + 1)
        assert (
            Verdi.objects.get(innsending=now, felt__kode="brudd", rad="gamle-oslo|akutt").tall == 1
        )
        assert_results_match_the_approved_numbers(now)
    oppsummering(
        f"race, monthly save vs approve (service): {TRIES} tries; the approval won {TRIES}, "
        "the stale save got the conflict every time; results match the approved numbers"
    )


# The budget report


def january(oppsett):
    bfe = Virksomhet.objects.get(kode="BFE")
    report, _created = Budsjettrapport.objects.get_or_create(
        virksomhet=bfe, aar=2026, type="regnskap", periode=1
    )
    budget = budsjett_per_konto(virksomhet=bfe, aar=2026, user=oppsett["bfe_rapportor"])
    base = {konto.pk: (str(amount // 12), "") for konto, amount in budget.items()}
    return report, base


def amount(report, konto):
    return Regnskap.objects.get(rapport=report, konto=konto).belop


def test_budget_save_against_submit_through_the_service(oppsett, oppsummering):
    report, base = january(oppsett)
    konto = next(iter(base))
    won = {"lagre": 0, "lever": 0}
    for attempt in range(TRIES):
        write(draft(Budsjettrapport, report.pk), base, oppsett["bfe_rapportor"])
        reporters = Budsjettrapport.objects.get(pk=report.pk)
        approvers = Budsjettrapport.objects.get(pk=report.pk)
        start = reporters.versjon
        save, submit = samtidig(
            lambda r=reporters, a=attempt: arbeidsflyt.lagre(
                objekt=r,
                user=oppsett["bfe_rapportor"],
                raw={konto: (str(a), "")},
                versjon=r.versjon,
            ),
            lambda a=approvers: arbeidsflyt.lever(
                objekt=a, user=oppsett["bfe_godkjenner"], versjon=a.versjon
            ),
        )
        assert sorted([save[0], submit[0]]) == ["konflikt", "ok"], (save, submit)
        now = Budsjettrapport.objects.get(pk=report.pk)
        assert now.versjon == start + 1
        if submit[0] == "ok":
            won["lever"] += 1
            assert now.status == "levert"
            assert amount(now, konto) == int(base[konto][0])
        else:
            won["lagre"] += 1
            assert now.status == "utkast"
            assert amount(now, konto) == attempt
    oppsummering(
        f"race, budget save vs submit (service): {TRIES} tries; the save won {won['lagre']}, "
        f"the submission {won['lever']}; the loser got the conflict every time, 0 reverted"
    )


def test_budget_save_against_approve_through_the_service(oppsett, oppsummering):
    report, base = january(oppsett)
    konto = next(iter(base))
    for attempt in range(TRIES):
        row = draft(Budsjettrapport, report.pk)
        write(row, base, oppsett["bfe_rapportor"])
        reporters = Budsjettrapport.objects.get(pk=report.pk)
        arbeidsflyt.lever(objekt=row, user=oppsett["bfe_godkjenner"])
        officers = Budsjettrapport.objects.get(pk=report.pk)
        submitted_at = officers.versjon
        save, approve = samtidig(
            lambda r=reporters, a=attempt: arbeidsflyt.lagre(
                objekt=r,
                user=oppsett["bfe_rapportor"],
                raw={konto: (str(a), "")},
                versjon=r.versjon,
            ),
            lambda o=officers: arbeidsflyt.godkjenn(
                objekt=o, user=oppsett["set_styrer"], versjon=o.versjon
            ),
        )
        assert (save[0], approve[0]) == ("konflikt", "ok"), (save, approve)
        now = Budsjettrapport.objects.get(pk=report.pk)
        assert (now.status, now.versjon) == ("godkjent", submitted_at + 1)
        assert amount(now, konto) == int(base[konto][0])
    oppsummering(
        f"race, budget save vs approve (service): {TRIES} tries; the approval won {TRIES}, "
        "the stale save got the conflict every time, 0 reverted"
    )


# Through the HTTP layer


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user):
    client = Client()
    client.force_login(user)
    return client


def test_monthly_save_against_submit_through_the_api(oppsett, oppsummering):
    feb, akutt, base = belegg(oppsett)
    reporter, approver = api(oppsett["bfe_rapportor"]), api(oppsett["bfe_godkjenner"])
    won = {"lagre": 0, "lever": 0}
    for attempt in range(TRIES):
        row = draft(Innsending, feb.pk)
        write(row, base, oppsett["bfe_rapportor"])
        versjon = row.versjon
        item = {"felt": "liggedogn", "rad": akutt, "verdi": str(300 + attempt)}
        (_s, save), (_l, submit) = samtidig(
            lambda v=versjon, i=item: reporter.post(
                f"/api/innsendinger/{feb.pk}/verdier/",
                {"versjon": v, "verdier": [i]},
                format="json",
            ),
            lambda v=versjon: approver.post(
                f"/api/innsendinger/{feb.pk}/lever/", {"versjon": v}, format="json"
            ),
        )
        codes = (save.status_code, submit.status_code)
        assert sorted(codes) == [200, 409], (codes, save.content, submit.content)
        now = Innsending.objects.get(pk=feb.pk)
        loser = save if save.status_code == 409 else submit
        assert loser.json()["code"] == "samtidig_endring"
        assert (loser.json()["versjon"], loser.json()["status"]) == (now.versjon, now.status)
        if submit.status_code == 200:
            won["lever"] += 1
            assert (now.status, bed_days(now, akutt)) == ("levert", 400)
        else:
            won["lagre"] += 1
            assert (now.status, bed_days(now, akutt)) == ("utkast", 300 + attempt)
    oppsummering(
        f"race, monthly save vs submit (API): {TRIES} tries; the save won {won['lagre']}, the "
        f"submission {won['lever']}; the loser got 409 every time, 0 reverted"
    )


def test_monthly_save_against_approve_through_the_pages(oppsett, oppsummering):
    feb, base = bistandsplikt(oppsett)
    url = reverse("indikatorer:innsending", args=[feb.pk])
    reporter, officer = page(oppsett["gamle_oslo_rapportor"]), page(oppsett["set_styrer"])
    form = {f"v__{code}__{row}": value for (code, row), value in base.items()}
    for attempt in range(TRIES):
        row = draft(Innsending, feb.pk)
        write(row, base, oppsett["bfe_rapportor"])
        opened_at = row.versjon  # the reporter's page, before submission
        row = arbeidsflyt.lever(objekt=row, user=oppsett["gamle_oslo_godkjenner"], idag=MARCH)
        changed = {
            **form,
            "v__brudd__gamle-oslo|akutt": "2",
            "v__foresporsler__gamle-oslo|akutt": str(4 + attempt),
        }
        (_s, save), (_g, approve) = samtidig(
            lambda c=changed, v=opened_at: reporter.post(
                url, {**c, "handling": "lagre", "versjon": v}
            ),
            lambda v=row.versjon: officer.post(url, {"handling": "godkjenn", "versjon": v}),
        )
        assert (save.status_code, approve.status_code) == (200, 302)
        assert CONFLICT_HEADING in save.content.decode()
        now = Innsending.objects.get(pk=feb.pk)
        assert now.status == "godkjent"
        assert_results_match_the_approved_numbers(now)
    oppsummering(
        f"race, monthly save vs approve (pages): {TRIES} tries; the approval won {TRIES}, the "
        "stale save showed «Noen andre lagret først» every time; results match the approved numbers"
    )


def test_budget_save_against_submit_through_the_pages(oppsett, oppsummering):
    report, base = january(oppsett)
    url = reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1])
    konto = next(iter(base))
    reporter, approver = page(oppsett["bfe_rapportor"]), page(oppsett["bfe_godkjenner"])
    form = {f"b__{pk}": value for pk, (value, _explanation) in base.items()}
    won = {"lagre": 0, "lever": 0}
    for attempt in range(TRIES):
        row = draft(Budsjettrapport, report.pk)
        write(row, base, oppsett["bfe_rapportor"])
        changed = {**form, f"b__{konto}": str(attempt)}
        (_s, save), (_l, submit) = samtidig(
            lambda c=changed, v=row.versjon: reporter.post(
                url, {**c, "handling": "lagre", "versjon": v}
            ),
            lambda v=row.versjon: approver.post(url, {"handling": "lever", "versjon": v}),
        )
        codes = (save.status_code, submit.status_code)
        assert sorted(codes) == [200, 302], codes
        loser = save if save.status_code == 200 else submit
        assert CONFLICT_HEADING in loser.content.decode()
        now = Budsjettrapport.objects.get(pk=report.pk)
        if submit.status_code == 302:
            won["lever"] += 1
            assert (now.status, amount(now, konto)) == ("levert", int(base[konto][0]))
        else:
            won["lagre"] += 1
            assert (now.status, amount(now, konto)) == ("utkast", attempt)
    oppsummering(
        f"race, budget save vs submit (pages): {TRIES} tries; the save won {won['lagre']}, the "
        f"submission {won['lever']}; the loser was shown «Noen andre lagret først» every time"
    )
