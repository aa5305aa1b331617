"""A submission as an Excel template and back: all or nothing, errors by row and column."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from indikatorer.imports import ARK, lag_mal, les_opplasting
from indikatorer.models.rapportering import Institusjon
from indikatorer.views import excel as views_excel
from styring.arbeidsflyt import services as arbeidsflyt
from styring.regneark import OpplastingFeil

MARCH = datetime.date(2026, 3, 20)


def institution(kind):
    return str(Institusjon.objects.get(type=kind).pk)


def book_of(content):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def save(book, name="belegg.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def values(innsending):
    return {(v.felt.kode, v.rad): v.tekst or v.tall for v in innsending.verdier.all()}


def test_the_template_has_a_row_per_institution_and_a_column_per_field(feb):
    book = book_of(lag_mal(feb))
    sheet = book[ARK]
    assert [c.value for c in sheet[1]][2:] == [
        "Belagte liggedøgn",
        "Barn i institusjonen ved månedens slutt",
        "Kommentar",
    ]
    keys = [sheet.cell(row=r, column=1).value for r in range(2, 5)]
    assert keys == [institution(t) for t in ("akutt", "behandling", "omsorg")]
    assert sheet.column_dimensions["A"].hidden
    assert book["koder"].sheet_state == "hidden"


def test_a_good_upload_saves_and_the_template_round_trips(feb, users):
    book = book_of(lag_mal(feb))
    sheet = book[ARK]
    sheet["C2"], sheet["D2"], sheet["E2"] = 400, 15, "Ny avdeling"
    saved = les_opplasting(innsending=feb, user=users["bfe_rapportor"], fil=save(book), idag=MARCH)
    assert saved.versjon == 1
    akutt = institution("akutt")
    assert values(feb) == {
        ("liggedogn", akutt): Decimal(400),
        ("barn_ved_slutt", akutt): Decimal(15),
        ("kommentar", akutt): "Ny avdeling",
    }
    again = book_of(lag_mal(saved))[ARK]
    assert (again["C2"].value, again["D2"].value, again["E2"].value) == (400, 15, "Ny avdeling")


def test_text_like_a_formula_is_exported_neutralised_and_reads_back_unchanged(feb, users):
    akutt = institution("akutt")
    arbeidsflyt.lagre(
        objekt=feb,
        user=users["bfe_rapportor"],
        raw={("liggedogn", akutt): "400", ("kommentar", akutt): "=1+1"},
        versjon=0,
        idag=MARCH,
    )
    feb.refresh_from_db()
    content = lag_mal(feb)
    cell = book_of(content)[ARK]["E2"]
    assert cell.value == "'=1+1"
    assert cell.data_type == "s"
    les_opplasting(
        innsending=feb,
        user=users["bfe_rapportor"],
        fil=SimpleUploadedFile("belegg.xlsx", content),
        idag=MARCH,
    )
    feb.refresh_from_db()
    assert feb.versjon == 2
    assert values(feb) == {("liggedogn", akutt): Decimal(400), ("kommentar", akutt): "=1+1"}


def test_one_bad_row_changes_nothing_and_the_error_names_row_and_column(feb, users):
    book = book_of(lag_mal(feb))
    sheet = book[ARK]
    sheet["C2"] = 400  # fine
    sheet["C4"] = 5000  # omsorg: beyond 30 places × 28 days
    sheet["D3"] = "mange"  # behandling: not a number
    with pytest.raises(OpplastingFeil) as error:
        les_opplasting(innsending=feb, user=users["bfe_rapportor"], fil=save(book), idag=MARCH)
    assert [(f.rad, f.kolonne) for f in error.value.feil] == [(3, "D"), (4, "C")]
    assert " 3, " in error.value.messages[0]
    assert " D (Barn i institusjonen ved månedens slutt): " in error.value.messages[0]
    assert "30 × 28 = 840" in error.value.messages[1]
    feb.refresh_from_db()
    assert feb.versjon == 0
    assert not feb.verdier.exists()


def test_unknown_rows_and_columns_are_errors(feb, users):
    book = book_of(lag_mal(feb))
    sheet = book[ARK]
    sheet["C2"] = 400
    sheet["F1"] = "Noe annet"
    sheet["A6"], sheet["B6"], sheet["C6"] = "999999", "Ukjent institusjon", 10
    with pytest.raises(OpplastingFeil) as error:
        les_opplasting(innsending=feb, user=users["bfe_rapportor"], fil=save(book), idag=MARCH)
    assert [(f.rad, f.kolonne) for f in error.value.feil] == [(None, "F"), (6, None)]
    assert not feb.verdier.exists()


def test_rows_left_out_of_the_file_keep_their_values(feb, users):
    omsorg = institution("omsorg")
    arbeidsflyt.lagre(
        objekt=feb,
        user=users["bfe_rapportor"],
        raw={("liggedogn", omsorg): "700"},
        versjon=0,
        idag=MARCH,
    )
    feb.refresh_from_db()
    book = book_of(lag_mal(feb))
    sheet = book[ARK]
    sheet.delete_rows(4)  # the omsorg row
    sheet["C2"] = 300
    les_opplasting(innsending=feb, user=users["bfe_rapportor"], fil=save(book), idag=MARCH)
    assert values(feb)[("liggedogn", omsorg)] == Decimal(700)
    assert values(feb)[("liggedogn", institution("akutt"))] == Decimal(300)


def test_a_template_from_an_older_version_is_a_conflict(feb, users):
    old = lag_mal(feb)
    arbeidsflyt.lagre(
        objekt=feb,
        user=users["bfe_rapportor"],
        raw={("liggedogn", institution("akutt")): "100"},
        versjon=0,
        idag=MARCH,
    )
    feb.refresh_from_db()
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt):
        les_opplasting(
            innsending=feb,
            user=users["bfe_rapportor"],
            fil=SimpleUploadedFile("belegg.xlsx", old),
            idag=MARCH,
        )


def test_a_file_with_macros_is_refused(feb, users):
    buffer = io.BytesIO(lag_mal(feb))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 16)
    with pytest.raises(ValidationError) as error:
        les_opplasting(
            innsending=feb,
            user=users["bfe_rapportor"],
            fil=SimpleUploadedFile("belegg.xlsx", buffer.getvalue()),
            idag=MARCH,
        )
    assert error.value.code == "makro"
    assert not feb.verdier.exists()


def test_an_agency_cannot_upload_for_another(feb, users):
    with pytest.raises(PermissionDenied):
        les_opplasting(
            innsending=feb,
            user=users["vel_rapportor"],
            fil=SimpleUploadedFile("belegg.xlsx", lag_mal(feb)),
            idag=MARCH,
        )


# The pages, through RequestFactory (their URLs are included by config/urls.py)


def request(method, user, **kwargs):
    made = getattr(RequestFactory(), method)("/", **kwargs)
    made.user = user
    made.session = SessionStore()
    made._messages = FallbackStorage(made)
    return made


def test_the_template_download_needs_the_reporting_role(feb, users):
    response = views_excel.MalView.as_view()(request("get", users["bfe_rapportor"]), pk=feb.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book_of(response.content)  # a real workbook
    with pytest.raises(PermissionDenied):
        views_excel.MalView.as_view()(request("get", users["set_styrer"]), pk=feb.pk)
    from django.http import Http404

    with pytest.raises(Http404):
        views_excel.MalView.as_view()(request("get", users["vel_rapportor"]), pk=feb.pk)


def test_the_upload_page_saves_or_lists_the_errors(feb, users, monkeypatch):
    monkeypatch.setattr(views_excel.timezone, "localdate", lambda: MARCH)
    book = book_of(lag_mal(feb))
    book[ARK]["C2"] = 400
    book[ARK]["C3"] = -1
    bad = request("post", users["bfe_rapportor"], data={"fil": save(book)})
    response = views_excel.OpplastingView.as_view()(bad, pk=feb.pk)
    assert response.status_code == 400
    assert b" 3, " in response.content
    assert " C (Belagte liggedøgn): ".encode() in response.content
    assert not feb.verdier.exists()

    book[ARK]["C3"] = 100
    good = request("post", users["bfe_rapportor"], data={"fil": save(book)})
    response = views_excel.OpplastingView.as_view()(good, pk=feb.pk)
    assert response.status_code == 302
    assert response["Location"] == f"/rapportering/{feb.pk}/"
    assert values(feb)[("liggedogn", institution("behandling"))] == Decimal(100)
