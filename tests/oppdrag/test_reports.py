"""The assignments part of the tertial report: every assignment of the agency's letter
with where it stands at the end of the tertial, its deadline and latest status report."""

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from oppdrag import reports, services
from oppdrag.models import Oppdrag, Status, Statusrapport
from styring.models import Tildelingsbrev
from styring.registries import tertialdeler

NOW = datetime.datetime(2026, 9, 10, 9, 0, tzinfo=datetime.UTC)
SECOND_TERTIAL = (datetime.date(2026, 5, 1), datetime.date(2026, 8, 31))
LETTER = "bfe-tildelingsbrev-2026"


@pytest.fixture(scope="module")
def letters(django_db_setup, django_db_blocker):
    """Both letters, loaded once for the module (time frozen) and rolled back after it;
    each test runs in a savepoint of its own."""
    from styring import loading

    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("loaddata", "virksomheter", verbosity=0)
            loading.last_alle()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def bfe(letters, db, virksomheter):
    with translation.override("nb"):
        yield virksomheter["BFE"]


def assignment(**lookup):
    return Oppdrag.objects.get(brev__kilde=LETTER, **lookup)


@pytest.fixture
def followed_up(bfe, users):
    """Follow-up through the services, as the agency and the department do it."""
    reporter, officer = users["bfe_rapportor"], users["set_styrer"]
    first = assignment(kode="1")
    services.endre_status(oppdrag=first, user=reporter, til=Status.PAAGAAR)
    for tertial, text in [(1, "Arbeidet er startet."), (2, "Utkast sendt <til høring> i juni.")]:
        services.skriv_statusrapport(
            oppdrag=first, user=reporter, aar=2026, tertial=tertial, tekst=text
        )
    services.skriv_statusrapport(
        oppdrag=first, user=reporter, aar=2026, tertial=3, tekst="Skrevet for neste tertial."
    )
    delivered = assignment(frist_tekst="20.01.2026")
    services.registrer_leveranse(
        oppdrag=delivered,
        user=reporter,
        dato=datetime.date(2026, 1, 19),
        lenke="https://example.org/levert",
    )
    approved = assignment(frist_tekst="28.02.2026")
    services.registrer_leveranse(
        oppdrag=approved,
        user=reporter,
        dato=datetime.date(2026, 2, 27),
        lenke="https://example.org/levert",
    )
    services.endre_status(oppdrag=approved, user=officer, til=Status.GODKJENT)
    postponed = assignment(kode="2")
    services.endre_status(
        oppdrag=postponed,
        user=officer,
        til=Status.UTSATT,
        kommentar="Venter på bydelene.",
        ny_frist=datetime.date(2027, 2, 1),
    )
    dropped = assignment(kode="3")
    services.endre_status(
        oppdrag=dropped, user=officer, til=Status.BORTFALT, kommentar="Ikke lenger aktuelt."
    )
    return {
        "first": first,
        "delivered": delivered,
        "approved": approved,
        "postponed": postponed,
        "dropped": dropped,
    }


def part(virksomhet, user=None, periode=SECOND_TERTIAL):
    del_ = tertialdeler["oppdrag"]
    innhold = del_.hent(
        virksomhet=virksomhet, periode_fra=periode[0], periode_til=periode[1], user=user
    )
    html = render_to_string(
        del_.template_name,
        {**innhold.context, "virksomhet": virksomhet, "periode_fra": periode[0]},
    )
    return innhold, html


def group_tables(html):
    """{situation code: the HTML of its table}."""
    return dict(re.findall(r'<table class="oppdrag oppdrag--(\w+)">(.*?)</table>', html, re.S))


def row(html, oppdrag):
    match = re.search(rf'<tr id="tertial-oppdrag-{oppdrag.pk}">(.*?)</tr>', html, re.S)
    assert match, oppdrag
    return match.group(1)


# Where an assignment stands


@pytest.mark.parametrize(
    ("status", "forfall", "expected"),
    [
        (Status.LEVERT, datetime.date(2026, 3, 1), reports.Situasjon.LEVERT),
        (Status.GODKJENT, None, reports.Situasjon.LEVERT),
        (Status.PAAGAAR, datetime.date(2026, 8, 31), reports.Situasjon.FORFALT),
        (Status.RETURNERT, datetime.date(2026, 2, 1), reports.Situasjon.FORFALT),
        (Status.IKKE_STARTET, datetime.date(2026, 9, 1), reports.Situasjon.NESTE_TERTIAL),
        (Status.UTSATT, datetime.date(2026, 12, 31), reports.Situasjon.NESTE_TERTIAL),
        (Status.IKKE_STARTET, datetime.date(2027, 1, 1), reports.Situasjon.ANNET),
        (Status.PAAGAAR, None, reports.Situasjon.ANNET),
        (Status.BORTFALT, datetime.date(2026, 3, 1), reports.Situasjon.ANNET),
    ],
)
def test_situation_at_the_end_of_the_tertial(status, forfall, expected):
    oppdrag = Oppdrag(status=status, forfall=forfall)
    assert reports.situasjon(oppdrag, periode_til=SECOND_TERTIAL[1]) == expected


# The part


def test_part_is_registered_after_the_indicators():
    assert tertialdeler["oppdrag"].rekkefolge == 20
    assert tertialdeler["oppdrag"].rekkefolge > tertialdeler["indikatorer"].rekkefolge


def test_every_assignment_of_the_letter_is_listed_with_its_status(bfe, followed_up):
    innhold, html = part(bfe)
    assert innhold.har_data
    letter = Tildelingsbrev.objects.get(kilde=LETTER)
    assignments = list(Oppdrag.objects.filter(brev=letter))
    assert innhold.context["antall"] == len(assignments) == 22
    tables = group_tables(html)
    for oppdrag in assignments:
        # In exactly one group: the one its status and due date give at 31.08.2026.
        if oppdrag.status in (Status.LEVERT, Status.GODKJENT):
            expected = "levert"
        elif oppdrag.status in (Status.BORTFALT,) or oppdrag.forfall is None:
            expected = "annet"
        elif oppdrag.forfall <= datetime.date(2026, 8, 31):
            expected = "forfalt"
        elif oppdrag.forfall <= datetime.date(2026, 12, 31):
            expected = "neste_tertial"
        else:
            expected = "annet"
        holding = [
            code for code, table in tables.items() if f'id="tertial-oppdrag-{oppdrag.pk}"' in table
        ]
        assert holding == [expected], oppdrag
        cells = row(html, oppdrag)
        assert escape(oppdrag.tekst.splitlines()[0]) in cells
        assert escape(oppdrag.get_status_display()) in cells
        if oppdrag.frist_tekst:
            assert escape(oppdrag.frist_tekst.splitlines()[0]) in cells
    # The summary counts each group.
    for group in innhold.context["oppdragsgrupper"]:
        assert f"{group['navn']}: {len(group['rader'])}" in html
    # The same rows go to the Excel sheet.
    assert len(innhold.tabeller[0].rader) == 22


def test_status_reports_deliveries_and_postponements_are_shown(bfe, followed_up):
    _innhold, html = part(bfe)
    first = row(html, followed_up["first"])
    assert escape("Utkast sendt <til høring> i juni.") in first  # tertial 2: the latest
    assert "Arbeidet er startet." not in first
    assert "Skrevet for neste tertial." not in html  # written after the report's tertial
    assert _("%(number)s. tertial %(year)s") % {"number": 2, "year": 2026} in first
    delivered = row(html, followed_up["delivered"])
    assert _("Delivered %(day)s").replace("%(day)s", "19.01.2026") in delivered
    approved = row(html, followed_up["approved"])
    assert escape(str(Status.GODKJENT.label)) in approved
    postponed = row(html, followed_up["postponed"])
    assert "01.02.2027" in postponed
    assert f'id="tertial-oppdrag-{followed_up["postponed"].pk}"' in group_tables(html)["annet"]
    untouched = assignment(kode="4")
    assert _("No status report.") in row(html, untouched)
    # Open assignments without a status report for the tertial are counted.
    open_without = Oppdrag.objects.filter(
        brev__kilde=LETTER,
        status__in=[Status.IKKE_STARTET, Status.PAAGAAR, Status.RETURNERT, Status.UTSATT],
    ).exclude(statusrapporter__aar=2026, statusrapporter__tertial=2)
    assert _innhold.context["uten_statusrapport"] == open_without.count()


def test_an_assignment_carried_over_from_last_year_is_included(bfe, users):
    letter = Tildelingsbrev.objects.get(kilde=LETTER)
    earlier = Tildelingsbrev.objects.create(
        type=Tildelingsbrev.Type.TILDELINGSBREV, utsteder=letter.utsteder, aar=2025
    )
    earlier.mottakere.add(bfe)
    carried = Oppdrag.objects.create(
        brev=earlier, tekst="Et oppdrag fra 2025.", art=Oppdrag.Art.NYTT, forfall=None
    )
    carried.ansvarlige.add(bfe)
    carried.brev_i.add(letter)
    innhold, html = part(bfe)
    assert innhold.context["antall"] == 23
    cells = row(html, carried)
    assert _("Carried over from %(year)s") % {"year": 2025} in cells


def test_the_part_follows_the_users_scope(bfe, users, followed_up):
    reader, _html = part(bfe, user=users["bfe_leser"])
    assert reader.context["antall"] == 22
    stranger, html = part(bfe, user=users["vel_rapportor"])
    assert stranger.context["antall"] == 0
    assert not stranger.har_data
    assert "Utkast sendt" not in html


def test_query_count_does_not_grow_with_assignments(bfe, users, followed_up):
    def count(user):
        with CaptureQueriesContext(connection) as queries:
            part(bfe, user=user)
        return len(queries)

    before = [count(None), count(users["set_styrer"])]
    letter = Tildelingsbrev.objects.get(kilde=LETTER)
    for number in range(5):
        extra = Oppdrag.objects.create(
            brev=letter,
            tekst=f"Ekstra oppdrag {number}",
            art=Oppdrag.Art.NYTT,
            forfall=datetime.date(2026, 10, 1),
        )
        extra.ansvarlige.add(bfe)
        Statusrapport.objects.create(oppdrag=extra, aar=2026, tertial=2, tekst="I rute.")
    after = [count(None), count(users["set_styrer"])]
    assert after == before
