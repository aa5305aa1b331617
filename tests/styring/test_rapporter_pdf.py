"""What the issued PDFs say, read back as text (pdftotext when installed, else pypdf): the
numbers must be the ones the database holds."""

import datetime
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine

from indikatorer.demo import lag_demodata
from indikatorer.models import Indikator
from indikatorer.models.rapportering import Innsending, Institusjon, Verdi
from indikatorer.reports import indikatorrad
from indikatorer.skjematyper import beleggsprosent
from oppdrag.models import Oppdrag
from styring.perioder import dager_i_maaned
from styring.reports import arkiv

NOW = datetime.datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(scope="module")
def demo(modul_db):
    with time_machine.travel(NOW, tick=False):
        lag_demodata(idag=NOW.date())
        yield


def text_of(rapport, tmp_path):
    data = rapport.pdf.open("rb").read()
    if shutil.which("pdftotext"):
        path = tmp_path / "rapport.pdf"
        path.write_bytes(data)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    else:
        import io
        import os

        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("REQUIRE_SERVICES is set but pdftotext (poppler-utils) is missing")

        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_the_bfe_second_tertial_pdf_holds_every_indicator_and_assignment(
    demo, virksomheter, media, tmp_path
):
    bfe = virksomheter["BFE"]
    with time_machine.travel(NOW, tick=False):
        rapport = arkiv.arkiver(
            type_kode="tertial",
            virksomhet=bfe,
            periode_fra=datetime.date(2026, 5, 1),
            periode_til=datetime.date(2026, 8, 31),
        )
    text = text_of(rapport, tmp_path)
    indicators = Indikator.objects.filter(brev__kilde="bfe-tildelingsbrev-2026").prefetch_related(
        "maalverdier", "resultater"
    )
    assert indicators.count() == 10  # 8 result indicators and 2 climate measures
    for indikator in indicators:
        row = indikatorrad(indikator, aar=2026, virksomhet=bfe)
        assert " ".join(indikator.navn.split()) in text, indikator.navn
        target = row["maalverdi"].tekst if row["maalverdi"] else ""
        assert " ".join(target.split()) in text, (indikator.navn, target)
        result = row["resultat_tekst"] or ""
        assert " ".join(str(result).split()) in text, (indikator.navn, result)
    assignments = Oppdrag.objects.filter(brev__kilde="bfe-tildelingsbrev-2026")
    assert assignments.exists()
    for oppdrag in assignments:
        assert " ".join(oppdrag.tekst.split())[:60] in text, oppdrag.tekst
        assert oppdrag.get_status_display() in text


def test_the_monthly_belegg_pdf_lists_each_institution_with_its_occupancy(
    demo, virksomheter, media, tmp_path
):
    july = datetime.date(2026, 7, 1)
    with time_machine.travel(NOW, tick=False):
        rapport = arkiv.arkiver(
            type_kode="belegg-maaned",
            virksomhet=virksomheter["SET"],
            periode_fra=july,
            periode_til=datetime.date(2026, 7, 31),
        )
    text = text_of(rapport, tmp_path)
    innsending = Innsending.objects.get(
        skjema__kode="belegg", virksomhet__kode="BFE", periode_fra=july
    )
    for institution in Institusjon.objects.filter(virksomhet__kode="BFE"):
        bed_days = Verdi.objects.get(
            innsending=innsending, felt__kode="liggedogn", rad=str(institution.pk)
        ).tall
        places = institution.plasser_paa(innsending.periode_til)
        share = beleggsprosent(liggedogn=bed_days, plassdogn=places * dager_i_maaned(july))
        expected = f"{share:.1f}".replace(".", ",") + " %"
        assert institution.navn in text
        assert expected in text, (institution.navn, expected)
