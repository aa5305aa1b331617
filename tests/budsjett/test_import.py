"""Accounts imported from a CSV or Excel file: all or nothing, errors by row and column."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budsjett import imports
from budsjett.models import Budsjettrapport, Regnskap
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Endring, Virksomhet
from styring.regneark import OpplastingFeil

from .conftest import JAN_APR

HEADER = "Kapittel;Kontogruppe;Måned;Beløp"


def csv_file(lines, name="regnskap.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, "\n".join(lines).encode(encoding))


def jan_apr_lines():
    return [
        f"360;{code};2026-{month:02d};{amount}"
        for month, amounts in JAN_APR.items()
        for code, amount in amounts.items()
    ]


def xlsx_file(rows, name="regnskap.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def bfe():
    return Virksomhet.objects.get(kode="BFE")


def importer(fil, user):
    return imports.importer_regnskap(virksomhet=bfe(), aar=2026, user=user, fil=fil)


def saved():
    return {
        (r.rapport.periode, r.konto.kode): r.belop
        for r in Regnskap.objects.select_related("rapport", "konto")
    }


def test_a_csv_of_january_to_april_is_saved_month_by_month(brev, users):
    reports = importer(csv_file([HEADER, *jan_apr_lines()]), users["bfe_rapportor"])
    assert [r.periode for r in reports] == [1, 2, 3, 4]
    expected = {
        (m, code): amount for m, amounts in JAN_APR.items() for code, amount in amounts.items()
    }
    assert saved() == expected
    # Every month's report records what the import changed.
    assert all(Endring.objects.for_object(r).filter(handling="endret").exists() for r in reports)


def test_a_non_numeric_amount_changes_nothing_and_names_the_cell(jan_apr, users):
    before = saved()
    lines = [HEADER, "360;10;2026-01;63 000", "360;11;2026-01;tretten tusen", "360;13;2026-05;6100"]
    with pytest.raises(OpplastingFeil) as error:
        importer(csv_file(lines), users["bfe_rapportor"])
    assert error.value.messages == [
        "Rad 3, kolonne D (Beløp): Skriv inn et heltall. «tretten tusen»",
    ]
    assert saved() == before
    assert not Budsjettrapport.objects.filter(periode=5).exists()


def test_every_error_of_the_file_is_listed_by_row_and_column(brev, users):
    lines = [
        "Kapittel;Kontogruppe;Måned;Beløp",
        "360;10;2026-01;12,5",
        "360;99;2026-01;100",
        "360;10;2025-12;100",
        "360;11;januar;100",
        "360;11;1;200",
    ]
    with pytest.raises(OpplastingFeil) as error:
        importer(csv_file(lines), users["bfe_rapportor"])
    cells = [(f.rad, f.kolonne) for f in error.value.feil]
    assert cells == [(2, "D"), (3, "B"), (4, "C"), (6, None)]
    assert error.value.messages[0] == "Rad 2, kolonne D (Beløp): Skriv inn et heltall. «12,5»"
    assert error.value.messages[3] == "Rad 6: Samme rad som rad 5."
    assert not Regnskap.objects.exists()


def test_a_submitted_month_refuses_the_whole_file(jan_apr, users):
    arbeidsflyt.lever(objekt=jan_apr[0], user=users["bfe_godkjenner"])
    lines = [HEADER, "360;10;2026-02;1", "360;10;2026-01;1"]
    with pytest.raises(OpplastingFeil) as error:
        importer(csv_file(lines), users["bfe_rapportor"])
    assert [(f.rad, f.kolonne) for f in error.value.feil] == [(3, "C")]
    assert saved()[(2, "10")] == JAN_APR[2]["10"]


def test_an_excel_file_is_read_with_numbers_dates_and_month_names(brev, users):
    import datetime

    rows = [
        ["Kapittel", "Kontogruppe", "Måned", "Beløp"],
        [360, 10, datetime.datetime(2026, 1, 1), 63000],
        [360, "13", "februar", 6000.0],
        [360, 17, 3, -40500],
        [None, None, None, None],
    ]
    importer(xlsx_file(rows), users["bfe_rapportor"])
    assert saved() == {(1, "10"): 63000, (2, "13"): 6000, (3, "17"): -40500}


def test_a_csv_from_norwegian_excel_in_windows_1252(brev, users):
    lines = ["Kapittel;Kontogruppe;Måned;Beløp", "360;16;mars;-8 400"]
    importer(csv_file(lines, encoding="cp1252"), users["bfe_rapportor"])
    assert saved() == {(3, "16"): -8400}


def test_the_template_round_trips(brev, users):
    from openpyxl import load_workbook

    content = imports.lag_mal(virksomhet=bfe(), aar=2026, user=users["bfe_rapportor"])
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Kapittel", "Kontogruppe/post", "Navn", "Måned", "Beløp"]
    assert sheet.max_row == 1 + 12 * 7
    sheet["E2"] = 63_000  # 360 / 10, January; the rest is left empty
    buffer = io.BytesIO()
    book.save(buffer)
    importer(SimpleUploadedFile("mal.xlsx", buffer.getvalue()), users["bfe_rapportor"])
    assert saved() == {(1, "10"): 63_000}


def test_a_file_without_the_columns_names_what_is_missing(brev, users):
    with pytest.raises(OpplastingFeil) as error:
        importer(csv_file(["Kapittel;Konto;Sum", "360;10;1"]), users["bfe_rapportor"])
    assert len(error.value.feil) == 2  # month and amount


def test_a_workbook_with_macros_is_refused(brev, users):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(ValidationError):
        importer(SimpleUploadedFile("regnskap.xlsx", buffer.getvalue()), users["bfe_rapportor"])


def test_only_the_organisations_reporters_import(brev, users):
    for user in ("bfe_leser", "vel_rapportor", "set_styrer"):
        with pytest.raises(PermissionDenied):
            importer(csv_file([HEADER, "360;10;1;1"]), users[user])


# The page


def test_the_upload_page_saves_or_lists_the_errors(brev, users, client_for):
    url = reverse("budsjett:budsjett-regnskap-import", args=["BFE", 2026])
    client = client_for(users["bfe_rapportor"])
    bad = csv_file([HEADER, "360;10;1;63 000", "360;11;1;abc"])
    response = client.post(url, {"fil": bad})
    assert response.status_code == 400
    assert "Rad 3, kolonne D (Beløp): Skriv inn et heltall. «abc»" in response.text
    assert not Regnskap.objects.exists()
    good = csv_file([HEADER, *jan_apr_lines()])
    response = client.post(url, {"fil": good})
    assert response.status_code == 302
    assert response.url == reverse("budsjett:budsjett-oppfolging", args=["BFE", 2026])
    assert Regnskap.objects.count() == 28


def test_the_upload_page_answers_strangers_404_and_readers_403(brev, users, client_for):
    url = reverse("budsjett:budsjett-regnskap-import", args=["BFE", 2026])
    fil = csv_file([HEADER, "360;10;1;1"])
    assert client_for(users["vel_rapportor"]).post(url, {"fil": fil}).status_code == 404
    assert client_for(users["bfe_leser"]).post(url, {"fil": fil}).status_code == 403
    assert not Regnskap.objects.exists()


def test_the_template_download(brev, users, client_for):
    url = reverse("budsjett:budsjett-regnskap-mal", args=["BFE", 2026])
    response = client_for(users["bfe_rapportor"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="regnskap-bfe-2026.xlsx"'
    assert client_for(users["vel_rapportor"]).get(url).status_code == 404
