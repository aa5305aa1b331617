"""Uploads must be real, macro-free, reasonably sized workbooks; exports cannot run formulas."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from styring.regneark import les_xlsx, noytraliser


def workbook_bytes(rows=(("Institusjon", "Liggedøgn"), ("Demo – akutt", 400))):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content, name="belegg.xlsx"):
    return SimpleUploadedFile(name, content)


def test_a_real_workbook_is_read():
    book = les_xlsx(upload(workbook_bytes()))
    assert [tuple(row) for row in book.active.iter_rows(values_only=True)] == [
        ("Institusjon", "Liggedøgn"),
        ("Demo – akutt", 400),
    ]


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"Institusjon;Liggedogn\nA;400\n", "belegg.xlsx", "ikke_xlsx"),  # CSV renamed
        (b"%PDF-1.7 ...", "belegg.xlsx", "ikke_xlsx"),
        (workbook_bytes(), "belegg.xls", "ikke_xlsx"),
        (workbook_bytes(), "belegg.xlsm", "makro"),
        (b"", "belegg.xlsx", "ikke_xlsx"),
    ],
)
def test_files_that_are_not_plain_workbooks_are_refused(content, name, code):
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(content, name))
    assert error.value.code == code


def test_a_workbook_with_macros_inside_is_refused():
    buffer = io.BytesIO(workbook_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 16)
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(buffer.getvalue()))
    assert error.value.code == "makro"


def test_a_zip_without_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hei.txt", "hei")
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(buffer.getvalue()))
    assert error.value.code == "ikke_xlsx"


def test_oversized_files_are_refused():
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(workbook_bytes()), maks_bytes=1000)
    assert error.value.code == "for_stor"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+47 22 00 00 00", "'+47 22 00 00 00"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Demo – akutt", "Demo – akutt"),
        (-5, -5),
        (None, None),
    ],
)
def test_exported_text_cannot_start_a_formula(value, expected):
    assert noytraliser(value) == expected
