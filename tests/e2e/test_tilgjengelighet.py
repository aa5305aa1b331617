"""axe-core's WCAG 2.0/2.1 A and AA rules on every main page: zero violations.

The pages are opened as the people who use them (nobody logged in, department staff, an
agency reporter), including forms that show validation errors. All findings are
collected first, so one run lists every violation of every page.
"""

import datetime

from django.urls import reverse
from playwright.sync_api import expect

from indikatorer.models import Indikator
from indikatorer.models.rapportering import Innsending
from oppdrag.models import Oppdrag
from tests.e2e.conftest import axe_violations, describe_violations

SEPTEMBER = datetime.date(2026, 9, 1)


def september(kode):
    return Innsending.objects.get(skjema__kode=kode, virksomhet__kode="BFE", periode_fra=SEPTEMBER)


# The page states checked in this run, for the summary line.
CHECKED = []


def check(person, findings, name):
    person.step(name)
    CHECKED.append(name)
    if violations := person.axe():
        findings.append((f"{name} ({person.page.url})", violations))


def check_pages(person, pages, findings):
    for name, path in pages:
        person.goto(path)
        check(person, findings, name)


def test_axe_reports_a_violation_when_there_is_one(chromium):
    """The check itself works: a page with a nameless image and button fails it."""
    page = chromium.new_page()
    try:
        page.set_content(
            '<!doctype html><html lang="nb"><title>Prøve</title><main>'
            '<img src="data:,"><button></button></main></html>'
        )
        found = {v["id"] for v in axe_violations(page)}
    finally:
        page.close()
    assert {"image-alt", "button-name"} <= found, found


def test_every_main_page_has_no_axe_violations(demo, users, person, oppsummering):
    CHECKED.clear()
    letter = demo["bfe"]
    oppdrag = Oppdrag.objects.filter(brev=letter).order_by("rekkefolge").first()
    indikator = Indikator.objects.get(navn="Hastetilbud fremskaffet innen 2 timer")
    belegg, bistandsplikt = september("belegg"), september("bistandsplikt")
    findings = []

    guest = person("gjest")
    check_pages(
        guest, [("innlogging", "/logg-inn/"), ("erklaering", "/tilgjengelighet/")], findings
    )
    page = guest.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill("ukjent")
    page.get_by_label("Passord").fill("feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Skjemaet har feil")
    check(guest, findings, "innlogging-med-feil")

    styrer = person("set-styrer")
    styrer.log_in(users["set_styrer"])
    check_pages(
        styrer,
        [
            ("forside", reverse("styring:forside")),
            ("oversikt", reverse("styring:avdelingsoversikt")),
            ("virksomheter", reverse("styring:virksomhet-liste")),
            ("virksomhet", reverse("styring:virksomhet", args=["BFE"])),
            ("styringskalender", reverse("styring:styringskalender", args=["BFE"])),
            ("brevliste", reverse("styring:brev-liste")),
            ("brev", reverse("styring:brev", args=[letter.pk])),
            ("rod-traad", reverse("styring:brev-rod-traad", args=[letter.pk])),
            ("risiko", reverse("styring:risiko-matrise", args=[letter.pk, "BFE"])),
            ("oppdragsliste", reverse("oppdrag:oppdrag-oversikt")),
            ("oppdrag", reverse("oppdrag:oppdrag", args=[oppdrag.pk])),
            ("indikatorliste", reverse("indikatorer:indikatorer-oversikt")),
            ("indikator", reverse("indikatorer:indikator", args=[indikator.pk])),
            ("rapportering", reverse("indikatorer:innsendinger")),
            ("rapportering-oversikt", reverse("indikatorer:innsending-oversikt")),
            ("rapporteringskrav", reverse("indikatorer:skjemaer")),
            ("rapporteringskrav-belegg", reverse("indikatorer:skjema", args=["belegg"])),
            ("belegg-til-godkjenning", reverse("indikatorer:innsending", args=[belegg.pk])),
            ("rapporter", reverse("styring:rapporter")),
            ("rapporter-bfe", reverse("styring:rapporter-virksomhet", args=["BFE"])),
            ("dashboard-bistandsplikt", reverse("indikatorer:dashboard", args=["bistandsplikt"])),
            ("dashboard-belegg", reverse("indikatorer:dashboard", args=["belegg"])),
            (
                "dashboard-med-feil",
                reverse("indikatorer:dashboard", args=["belegg"]) + "?fra=2026-09&til=2026-01",
            ),
            ("budsjett", reverse("budsjett:budsjett")),
            ("budsjett-avvik", reverse("budsjett:budsjett-avvik")),
            ("budsjett-bfe", reverse("budsjett:budsjett-virksomhet", args=["BFE", 2026])),
            (
                "budsjett:budsjett-oppfolging",
                reverse("budsjett:budsjett-oppfolging", args=["BFE", 2026]),
            ),
            ("passord", reverse("styring:password_change")),
            ("erklaering-innlogget", reverse("styring:tilgjengelighet")),
        ],
        findings,
    )

    # Punkt's select arrow comes from the app's own static files, not Punkt's CDN (which
    # the CSP refuses): without it a select would not look like one.
    page = styrer.goto(reverse("styring:brev-liste"))
    arrow = page.get_by_label("År").evaluate("(el) => getComputedStyle(el).backgroundImage")
    assert "/static/punkt/icons/chevron-thin-down.svg" in arrow, arrow

    rapportor = person("bfe-rapportor")
    rapportor.log_in(users["bfe_rapportor"])
    check_pages(
        rapportor,
        [
            ("forside", reverse("styring:forside")),
            ("oppdrag-med-skjemaer", reverse("oppdrag:oppdrag", args=[oppdrag.pk])),
            ("belegg-skjema", reverse("indikatorer:innsending", args=[belegg.pk])),
            ("bistandsplikt-skjema", reverse("indikatorer:innsending", args=[bistandsplikt.pk])),
            (
                "budsjett:budsjett-regnskap",
                reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 10]),
            ),
            (
                "budsjett:budsjett-prognose",
                reverse("budsjett:budsjett-prognose", args=["BFE", 2026, 3]),
            ),
        ],
        findings,
    )
    page = rapportor.goto(reverse("indikatorer:innsending", args=[belegg.pk]))
    page.locator("input[name^='v__liggedogn__']").first.fill("99999")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text("Skjemaet har feil")
    check(rapportor, findings, "belegg-skjema-med-feil")
    page = rapportor.goto(reverse("oppdrag:oppdrag", args=[oppdrag.pk]))
    page.get_by_role("button", name="Registrer leveranse").click()
    expect(page.get_by_role("alert")).to_contain_text("Skjemaet har feil")
    check(rapportor, findings, "oppdrag-leveranse-med-feil")

    violations = sum(len(found) for _name, found in findings)
    oppsummering(
        f"axe-core, WCAG 2.0/2.1 A and AA: {len(CHECKED)} page states, {violations} violations"
    )
    assert len(CHECKED) >= 30
    assert not findings, "axe found WCAG 2.0/2.1 A/AA violations:\n" + describe_violations(findings)
