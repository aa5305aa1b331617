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


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO(workbook_bytes())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/bilde.png", b"\0" * 500_000)  # packs to ~500 bytes
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(buffer.getvalue()), maks_bytes=len(buffer.getvalue()) + 1000)
    assert error.value.code == "for_stor"


def with_member(name, content, base=None):
    """The workbook ``base`` with the member ``name`` replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(base or workbook_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info, source.read(info.filename))
        archive.writestr(name, content)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
# Billion laughs: ten entities, each ten of the one before; «&lol9;» is 10⁹ × "lol".
LAUGHS = '<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
)


def xml_bomb_workbook():
    """A workbook whose first sheet is a billion-laughs XML bomb in a cell."""
    sheet = zipfile.ZipFile(io.BytesIO(workbook_bytes())).read(SHEET).decode()
    sheet = sheet.replace("<t>Institusjon</t>", "<t>&lol9;</t>")
    assert "&lol9;" in sheet
    return with_member(SHEET, f'<?xml version="1.0"?><!DOCTYPE worksheet [{LAUGHS}]>{sheet}')


def test_an_xml_bomb_is_refused_before_openpyxl_parses_it():
    # defusedxml is not installed, so openpyxl would parse the entities; expat stops the
    # expansion, but only as the rows are read, as a server error.
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(xml_bomb_workbook()))
    assert error.value.code == "dtd"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # An external entity: the server's files in a cell.
        (
            "xl/workbook.xml",
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<workbook><sheets><sheet>&x;</sheet></sheets></workbook>",
        ),
        # The same bomb in UTF-16, which a search for the bytes «<!DOCTYPE» would miss.
        (
            SHEET,
            f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [{LAUGHS}]><w>&lol9;</w>'.encode(
                "utf-16"
            ),
        ),
        # In a member not named as XML (openpyxl follows the relationships, not the name).
        ("xl/media/bilde.png", f"<!DOCTYPE w [{LAUGHS}]><w>&lol9;</w>"),
    ],
    ids=["external-entity", "utf-16", "renamed-member"],
)
def test_any_document_type_declaration_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(with_member(name, content)))
    assert error.value.code == "dtd"


def test_a_broken_sheet_is_refused_before_the_rows_are_read():
    sheet = zipfile.ZipFile(io.BytesIO(workbook_bytes())).read(SHEET)
    with pytest.raises(ValidationError) as error:
        les_xlsx(upload(with_member(SHEET, sheet[: len(sheet) // 2])))
    assert error.value.code == "ikke_xlsx"


def test_pictures_and_other_binary_members_are_allowed():
    book = les_xlsx(upload(with_member("xl/media/bilde.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)))
    assert book.active.max_row == 2


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
