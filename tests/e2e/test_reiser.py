"""The main journeys (reiser), as people make them in a browser: log in, read the letter,
follow up an assignment, report the monthly numbers, approve and return, order a report
and read the dashboards. Assertions are on what the person sees on the page.

The day is NOW (5 October 2026, tests/e2e/conftest.py): September's monthly reports are
open, August's are submitted and the second tertial has ended.
"""

import datetime
import io
import re
from pathlib import Path

from django.db.models import Sum
from playwright.sync_api import expect
from pypdf import PdfReader

from indikatorer.models.rapportering import Innsending, Institusjon, Verdi
from indikatorer.skjematyper import beleggsprosent
from oppdrag.models import Oppdrag
from styring.perioder import dager_i_maaned

JULY = datetime.date(2026, 7, 1)


def menu(page, label):
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name=label, exact=True
    ).click()


def message(page):
    """The confirmation shown after an action (Django's messages, role=status)."""
    return page.locator(".meldinger[role=status]")


def fact(page, term):
    """The value of one fact in the page's list of facts (Status, Frist …)."""
    return page.locator(f"dl.fakta dt:text-is('{term}') + dd")


def row_of(scope, header):
    """The table row (in a page or a table) whose row header is ``header``."""
    # The inner locator of `has` is matched inside each row, so it starts from the page.
    page = getattr(scope, "page", scope)
    return scope.get_by_role("row").filter(has=page.get_by_role("rowheader", name=header))


def test_login_refuses_a_wrong_password_and_lets_the_right_one_in(users, person):
    leser = person("bfe-leser")
    page = leser.goto("/")
    # Not logged in: the home page sends the person to the login form.
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")
    page.get_by_label("Brukernavn").fill(users["bfe_leser"].username)
    page.get_by_label("Passord").fill("ikke-passordet")
    page.get_by_role("button", name="Logg inn").click()
    error = page.get_by_role("alert")
    expect(error).to_contain_text("Skjemaet har feil")
    expect(error).to_contain_text("korrekt brukernavn og passord")
    leser.step("feil-passord")

    leser.log_in(users["bfe_leser"])
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("header")).to_contain_text("BFE (leser)")
    leser.step("forside")
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")
    leser.step("logget-ut")


def test_the_agency_reads_the_letter_and_follows_up_oppdrag_the_department_approves_and_returns(
    demo, users, person
):
    letter = demo["bfe"]
    oppdrag2 = Oppdrag.objects.get(brev=letter, kode="2")
    delivered = Oppdrag.objects.get(brev=letter, frist_tekst="20.01.2026")  # by lag_demodata

    # BFE's reporter reads the letter.
    rapportor = person("bfe-rapportor")
    page = rapportor.log_in(users["bfe_rapportor"])
    menu(page, "Tildelingsbrev")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tildelingsbrev")
    rapportor.step("brevliste")
    page.get_by_role("link", name=str(letter)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(letter))
    expect(fact(page, "Mottakere")).to_have_text("Barne- og familieetaten")
    expect(fact(page, "Saksnummer")).to_have_text(letter.saksnr)
    contents = page.get_by_role("navigation", name="Innhold")
    for section in ("Innledning", "Oppdrag", "Styringsdialog og resultatoppfølging"):
        expect(contents.get_by_role("link", name=section)).to_be_visible()
    rapportor.step("brevet")
    contents.get_by_role("link", name="5 Oppdrag").click()
    rapportor.step("brevet-oppdrag")

    # …opens assignment 2 from the letter and reports that the work has started.
    page.get_by_role("link", name=oppdrag2.tekst[:50]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppdrag 2")
    expect(fact(page, "Status")).to_have_text("Ikke startet")
    rapportor.step("oppdrag-2")
    status = page.get_by_role("region", name="Endre status")
    status.get_by_label("Ny status").select_option(label="Pågår")
    status.get_by_role("button", name="Endre status").click()
    expect(message(page)).to_have_text("Statusen er endret.")
    expect(fact(page, "Status")).to_have_text("Pågår")
    expect(page.get_by_role("region", name="Tidslinje")).to_contain_text("Ikke startet → Pågår")
    rapportor.step("oppdrag-2-paagaar")

    # A delivery needs a file or a link: the form says so, then takes the link.
    delivery = page.get_by_role("region", name="Registrer en leveranse")
    delivery.get_by_role("button", name="Registrer leveranse").click()
    expect(page.get_by_role("alert")).to_contain_text("Last opp en fil eller oppgi en lenke.")
    rapportor.step("leveranse-feil")
    delivery = page.get_by_role("region", name="Registrer en leveranse")
    delivery.get_by_label("Lenke").fill("https://example.org/samkjopsavtale")
    delivery.get_by_label("Beskrivelse").fill("Ny samkjøpsavtale er signert.")
    delivery.get_by_role("button", name="Registrer leveranse").click()
    expect(message(page)).to_have_text("Leveransen er registrert.")
    expect(fact(page, "Status")).to_have_text("Levert")
    expect(page.get_by_role("region", name="Tidslinje")).to_contain_text(
        "Ny samkjøpsavtale er signert."
    )
    rapportor.step("oppdrag-2-levert")

    # The department sees two deliveries waiting, approves one and returns the other.
    styrer = person("set-styrer")
    page = styrer.log_in(users["set_styrer"])
    menu(page, "Oversikt")
    bfe = row_of(page, "Barne- og familieetaten")
    expect(bfe.get_by_role("link", name="2 venter på godkjenning").first).to_be_visible()
    styrer.step("oversikt")
    bfe.get_by_role("link", name="venter på godkjenning").first.click()
    link = page.get_by_role("link", name=re.compile("^2: BFE skal i samarbeid")).first
    expect(link).to_be_visible()
    styrer.step("oppdrag-venter")
    link.click()
    expect(fact(page, "Status")).to_have_text("Levert")
    status = page.get_by_role("region", name="Endre status")
    status.get_by_label("Ny status").select_option(label="Godkjent")
    status.get_by_role("button", name="Endre status").click()
    expect(message(page)).to_have_text("Statusen er endret.")
    expect(fact(page, "Status")).to_have_text("Godkjent")
    styrer.step("oppdrag-2-godkjent")

    styrer.goto(delivered.get_absolute_url())
    expect(fact(page, "Status")).to_have_text("Levert")
    status = page.get_by_role("region", name="Endre status")
    status.get_by_label("Ny status").select_option(label="Returnert")
    status.get_by_role("button", name="Endre status").click()
    # Returning must say why: the error is shown and nothing changes.
    expect(page.get_by_role("alert")).to_contain_text("Oppgi en begrunnelse.")
    expect(fact(page, "Status")).to_have_text("Levert")
    styrer.step("retur-uten-begrunnelse")
    status = page.get_by_role("region", name="Endre status")
    status.get_by_label("Ny status").select_option(label="Returnert")
    status.get_by_label("Kommentar").fill("Malen mangler feltene for bydelene.")
    status.get_by_role("button", name="Endre status").click()
    expect(message(page)).to_have_text("Statusen er endret.")
    expect(fact(page, "Status")).to_have_text("Returnert")
    styrer.step("returnert")

    # The agency sees the return and the reason.
    page = rapportor.goto(delivered.get_absolute_url())
    expect(fact(page, "Status")).to_have_text("Returnert")
    timeline = page.get_by_role("region", name="Tidslinje")
    expect(timeline).to_contain_text("Levert → Returnert")
    expect(timeline).to_contain_text("Malen mangler feltene for bydelene.")
    rapportor.step("ser-returen")


def open_september(page, skjema):
    """From the reporting list, filtered to one obligation: September's submission."""
    menu(page, "Rapportering")
    page.get_by_label("Rapporteringsplikt").select_option(label=skjema)
    page.get_by_role("button", name="Vis").click()
    page.get_by_role("row").filter(has_text="Barne- og familieetaten").get_by_role(
        "link", name="september 2026"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{skjema}, september 2026")


def test_monthly_reports_with_errors_corrected_submitted_approved_and_returned(demo, users, person):
    akutt = Institusjon.objects.get(virksomhet__kode="BFE", type=Institusjon.Type.AKUTT)
    belegg = Innsending.objects.filter(skjema__kode="belegg").first().skjema.navn
    bistandsplikt = Innsending.objects.filter(skjema__kode="bistandsplikt").first().skjema.navn
    bed_days = f"{akutt.navn}, Belagte liggedøgn"

    # The reporter types too many bed-days: 17 places × 30 days is the most there can be.
    rapportor = person("bfe-rapportor")
    page = rapportor.log_in(users["bfe_rapportor"])
    open_september(page, belegg)
    expect(fact(page, "Status")).to_have_text("Utkast")
    rapportor.step("belegg")
    page.get_by_label(bed_days).fill("600")
    page.get_by_role("button", name="Lagre").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Skjemaet har feil")
    expect(summary).to_contain_text("Ingenting ble lagret.")
    expect(summary).to_contain_text("17 × 30 = 510")
    expect(page.get_by_label(bed_days)).to_have_value("600")
    expect(page.get_by_label(bed_days)).to_have_attribute("aria-invalid", "true")
    rapportor.step("belegg-feil")
    page.get_by_label(bed_days).fill("450")
    page.get_by_role("button", name="Lagre").click()
    expect(message(page)).to_have_text("Tallene er lagret.")
    # 450 / (17 × 30) = 88.2 %, shown in the occupancy column of the acute row.
    numbers = page.get_by_role("table", name=belegg, exact=True)
    expect(row_of(numbers, akutt.navn)).to_contain_text("88,2 %")
    expect(page.get_by_label(bed_days)).to_have_value("450")
    rapportor.step("belegg-lagret")

    # Bistandsplikt: more breaches than requests, and no explanation, are both refused.
    open_september(page, bistandsplikt)
    row = "Bydel Alna – Akutt"
    page.get_by_label(f"{row}, Forespørsler").fill("2")
    page.get_by_label(f"{row}, Brudd (ikke levert i tide)").fill("3")
    page.get_by_label(f"{row}, Akutte forespørsler møtt innen 2 timer").fill("0")
    page.get_by_label(f"{row}, Forklaring").fill("")
    page.get_by_role("button", name="Lagre").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Brudd kan ikke være flere enn forespørsler.")
    expect(summary).to_contain_text("Forklar hvert brudd")
    rapportor.step("bistandsplikt-feil")
    page.get_by_label(f"{row}, Brudd (ikke levert i tide)").fill("1")
    page.get_by_label(f"{row}, Akutte forespørsler møtt innen 2 timer").fill("1")
    page.get_by_label(f"{row}, Forklaring").fill("Ingen ledig akuttplass; løst neste dag.")
    page.get_by_role("button", name="Lagre").click()
    expect(message(page)).to_have_text("Tallene er lagret.")
    expect(page.get_by_label(f"{row}, Brudd (ikke levert i tide)")).to_have_value("1")
    rapportor.step("bistandsplikt-lagret")
    # A reporter saves; only the agency's approver submits.
    expect(page.get_by_role("button", name="Send inn")).to_have_count(0)

    # BFE's approver submits both.
    godkjenner = person("bfe-godkjenner")
    page = godkjenner.log_in(users["bfe_godkjenner"])
    for skjema in (belegg, bistandsplikt):
        open_september(page, skjema)
        page.get_by_role("button", name="Send inn").click()
        expect(message(page)).to_have_text("Innsendingen er levert.")
        expect(fact(page, "Status")).to_have_text("Levert")
        godkjenner.step(f"{skjema}-levert")

    # The department approves belegg and returns bistandsplikt with what to correct.
    styrer = person("set-styrer")
    page = styrer.log_in(users["set_styrer"])
    open_september(page, belegg)
    expect(fact(page, "Status")).to_have_text("Levert")
    numbers = page.get_by_role("table", name=belegg, exact=True)
    expect(row_of(numbers, akutt.navn)).to_contain_text("450")
    styrer.step("belegg-til-godkjenning")
    page.get_by_role("button", name="Godkjenn").click()
    expect(message(page)).to_have_text("Innsendingen er godkjent.")
    expect(fact(page, "Status")).to_contain_text("Godkjent")
    styrer.step("belegg-godkjent")

    open_september(page, bistandsplikt)
    page.get_by_label("Hva må rettes").fill("Oppgi EQS-nummeret for bruddet i Alna.")
    page.get_by_role("button", name="Returner").click()
    expect(message(page)).to_have_text("Innsendingen er returnert.")
    expect(fact(page, "Status")).to_have_text("Returnert")
    styrer.step("bistandsplikt-returnert")

    # The reporter sees why, and may correct the numbers again.
    page = rapportor.page
    open_september(page, bistandsplikt)
    returned = page.locator("#returkommentar")
    expect(returned).to_contain_text("Returnert av byrådsavdelingen")
    expect(returned).to_contain_text("Oppgi EQS-nummeret for bruddet i Alna.")
    expect(page.get_by_label("Bydel Alna – Akutt, EQS-referanser")).to_be_editable()
    rapportor.step("ser-returen")


def test_the_department_orders_the_tertial_report_and_downloads_the_pdf(
    demo, users, person, reports_run_here
):
    styrer = person("set-styrer")
    page = styrer.log_in(users["set_styrer"])
    menu(page, "Rapporter")
    page.get_by_role("link", name="Barne- og familieetaten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rapporter for Barne- og familieetaten"
    )
    tertial = page.get_by_role("region", name="Tertialrapport")
    tertial.get_by_label("Periode").select_option(label="01.05.2026 – 31.08.2026")
    styrer.step("bestill")
    tertial.get_by_role("button", name="Lag nå").click()
    expect(message(page)).to_have_text("Rapporten lages. Denne siden viser når den er ferdig.")
    orders = page.get_by_role("table", name="Bestillinger")
    expect(orders).to_contain_text("01.05.2026 – 31.08.2026")
    download_link = orders.get_by_role("link", name=re.compile("^Last ned PDF"))
    expect(download_link).to_be_visible(timeout=60_000)
    styrer.step("ferdig")
    with page.expect_download() as download:
        download_link.first.click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert download.value.suggested_filename.endswith(".pdf")
    # A tagged PDF (structure tree, marked content) that says its language.
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert str(catalog["/Lang"]).startswith("nb")
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    # The archive lists the issued report with its files.
    archive = page.get_by_role("table").filter(has_text="SHA-256")
    expect(archive.get_by_role("link", name=re.compile("^PDF"))).to_have_count(1)
    styrer.step("arkiv")


def test_the_overview_and_the_dashboards_show_the_reported_numbers(demo, users, person):
    bistandsplikt = Verdi.objects.filter(
        innsending__virksomhet__kode="BFE",
        innsending__skjema__kode="bistandsplikt",
        felt__kode="brudd",
    )
    breaches_2026 = bistandsplikt.filter(
        innsending__status__in=["levert", "godkjent"], innsending__periode_fra__year=2026
    ).aggregate(s=Sum("tall"))["s"]
    breaches_july = bistandsplikt.filter(innsending__periode_fra=JULY).aggregate(s=Sum("tall"))["s"]

    styrer = person("set-styrer")
    page = styrer.log_in(users["set_styrer"])
    menu(page, "Oversikt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt over etatene")
    expect(row_of(page, "Barne- og familieetaten")).to_contain_text(
        f"{int(breaches_2026)} brudd i 2026 (mål: 0)"
    )
    styrer.step("oversikt")

    page.get_by_role("link", name="Dashbord: bistandsplikt").click()
    page.get_by_label("Fra måned").fill("2026-07")
    page.get_by_label("Til måned").fill("2026-07")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name="Brudd i juli 2026")).to_be_visible()
    expect(page.locator(".nokkeltall")).to_contain_text(
        f"Rapportert av Barne- og familieetaten: {int(breaches_july)} brudd"
    )
    styrer.step("dashbord-bistandsplikt")

    menu(page, "Oversikt")
    page.get_by_role("link", name="Dashbord: belegg").click()
    page.get_by_label("Fra måned").fill("2026-07")
    page.get_by_label("Til måned").fill("2026-07")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", name="Belegg i juli 2026")).to_be_visible()
    july = Innsending.objects.get(skjema__kode="belegg", virksomhet__kode="BFE", periode_fra=JULY)
    table = page.get_by_role("table", name=re.compile("^Belegg per institusjon"))
    for institusjon in Institusjon.objects.filter(virksomhet__kode="BFE"):
        liggedogn = Verdi.objects.get(
            innsending=july, felt__kode="liggedogn", rad=str(institusjon.pk)
        ).tall
        share = beleggsprosent(
            liggedogn=liggedogn,
            plassdogn=institusjon.plasser_paa(july.periode_til) * dager_i_maaned(JULY),
        )
        expect(row_of(table, institusjon.navn)).to_contain_text(
            f"{share:.1f}".replace(".", ",") + " %"
        )
    styrer.step("dashbord-belegg")
