"""A submission as an Excel workbook: the template to fill in, and reading it back.

The template has one sheet to fill in: the row label, then one column per field, one
row per row of the submission, prefilled with the saved values. The row keys are in a
hidden first column, the field codes and the version the template was made from on a
hidden second sheet. Every text written is neutralised (``styring.regneark.noytraliser``).

Reading an upload is all or nothing: unknown rows and columns are errors, and the
values are saved through ``innsending.lagre``, whose errors are given back per Excel
row and column ("Row 3, column C (Bed-days): ..."). Rows and columns left out of the
file keep their saved values; an emptied cell clears its value.
"""

import datetime
import io
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from indikatorer import skjematyper
from indikatorer.models.rapportering import Skjemafelt, Verdi
from styring.arbeidsflyt import services as arbeidsflyt
from styring.regneark import FORMULA_START, Feil, OpplastingFeil, les_xlsx, noytraliser

ARK = "Innsending"
KODEARK = "koder"
FORSTE_DATARAD = 2
FORSTE_FELTKOLONNE = 3  # A: row key (hidden), B: row label, C...: the fields


def _letter(column):
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _excel_value(felt, value):
    """A saved value as it is written into a cell."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        if felt.enhet == Skjemafelt.Enhet.HELTALL or value == value.to_integral_value():
            return int(value)
        return value
    return noytraliser(str(value))


def lag_mal(innsending):
    """The .xlsx template of ``innsending`` (bytes), prefilled with the saved values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    handler = skjematyper.for_skjema(innsending.skjema)
    fields = handler.felt(innsending)
    rows = handler.rader(innsending)
    saved = {
        (v.felt.kode, v.rad): (v.tekst if v.tekst else v.tall)
        for v in Verdi.objects.filter(innsending=innsending).select_related("felt")
    }

    book = Workbook()
    sheet = book.active
    sheet.title = ARK
    sheet.append(
        [noytraliser(_("Row key")), noytraliser(_("Row"))]
        + [noytraliser(str(felt.navn)) for felt in fields]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [noytraliser(row.nokkel) or None, noytraliser(str(row.navn))]
            + [_excel_value(felt, saved.get((felt.kode, row.nokkel))) for felt in fields]
        )
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 40
    for index in range(len(fields)):
        sheet.column_dimensions[_letter(FORSTE_FELTKOLONNE + index)].width = 20
    sheet.freeze_panes = "C2"

    codes = book.create_sheet(KODEARK)
    codes.append(["", ""] + [noytraliser(felt.kode) for felt in fields])
    codes.append(["versjon", innsending.versjon])
    codes.append(["innsending", innsending.pk])
    codes.sheet_state = "hidden"

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value):
    """A cell's value as the text the domain parses; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    # Undo noytraliser: a neutralised text comes back as it was entered.
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    text = text.strip()
    return text or None


def _key(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _codes(book):
    """(field codes by column index, version) from the hidden sheet, or ({}, None)."""
    if KODEARK not in book.sheetnames:
        return {}, None
    lines = [list(r) for r in book[KODEARK].iter_rows(max_row=3, values_only=True)]
    columns = {}
    if lines:
        for index, code in enumerate(lines[0], start=1):
            if index >= FORSTE_FELTKOLONNE and code:
                columns[index] = str(code).lstrip("'")
    version = None
    if len(lines) > 1 and len(lines[1]) > 1 and isinstance(lines[1][1], int | float):
        version = int(lines[1][1])
    return columns, version


def les_opplasting(*, innsending, user, fil, versjon=None, idag=None):
    """Save the numbers of an uploaded template; all or nothing.

    Returns the saved submission. Raises ``OpplastingFeil`` listing the errors per Excel
    row and column, ``excel``'s ValidationError for a file that is not a plain workbook,
    ``Samtidighetskonflikt`` when someone saved since ``versjon`` (by default
    the version the template was made from), or PermissionDenied.
    """
    book = les_xlsx(fil)
    sheet = book[ARK] if ARK in book.sheetnames else book.worksheets[0]
    lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    if not lines:
        raise OpplastingFeil([Feil(None, None, "", _("The workbook is empty."))])

    handler = skjematyper.for_skjema(innsending.skjema)
    fields = handler.felt(innsending)
    by_code = {felt.kode: felt for felt in fields}
    by_name = {str(felt.navn).strip().lower(): felt for felt in fields}
    rows = {row.nokkel: row for row in handler.rader(innsending)}
    rows_by_name = {str(row.navn).strip().lower(): row for row in rows.values()}
    coded, file_version = _codes(book)
    errors = []

    # Columns: by the field code on the hidden sheet, else by the header.
    header = lines[0]
    width = max(len(line) for line in lines)
    columns = {}
    for index in range(FORSTE_FELTKOLONNE, width + 1):
        title = header[index - 1] if index - 1 < len(header) else None
        title_text = "" if title is None else str(title).strip()
        felt = by_code.get(coded.get(index)) or by_name.get(title_text.lower())
        has_values = any(
            index - 1 < len(line) and _text(line[index - 1]) is not None for line in lines[1:]
        )
        if felt is None:
            if title_text or has_values:
                errors.append(
                    Feil(None, _letter(index), title_text, _("This column is not in the form."))
                )
            continue
        if felt.kode in {f.kode for f in columns.values()}:
            errors.append(
                Feil(None, _letter(index), title_text, _("This field is in the file twice."))
            )
            continue
        columns[index] = felt

    # Start from the saved values, so what the file leaves out is kept.
    raw = {
        (v.felt.kode, v.rad): (v.tekst if v.tekst else str(v.tall))
        for v in Verdi.objects.filter(innsending=innsending).select_related("felt")
    }
    where = {}  # (field code, row key) -> (excel row, column letter, header)
    seen = {}
    for number, line in enumerate(lines[1:], start=FORSTE_DATARAD):
        line = line + [None] * (width - len(line))
        if all(_text(value) is None for value in line):
            continue
        key = _key(line[0])
        label = _key(line[1]) if len(line) > 1 else ""
        row = rows.get(key) if key else (rows_by_name.get(label.lower()) or rows.get(""))
        if row is None:
            errors.append(
                Feil(number, None, "", _("The row «%(row)s» is not in the form.") % {"row": label})
            )
            continue
        if row.nokkel in seen:
            errors.append(
                Feil(
                    number,
                    None,
                    "",
                    _("The same row as row %(other)s.") % {"other": seen[row.nokkel]},
                )
            )
            continue
        seen[row.nokkel] = number
        for index, felt in columns.items():
            raw[(felt.kode, row.nokkel)] = _text(line[index - 1])
            where[(felt.kode, row.nokkel)] = (number, _letter(index), str(felt.navn))
    if errors:
        raise OpplastingFeil(errors)

    if versjon is None:
        versjon = file_version if file_version is not None else innsending.versjon
    try:
        return arbeidsflyt.lagre(objekt=innsending, user=user, raw=raw, versjon=versjon, idag=idag)
    except arbeidsflyt.Samtidighetskonflikt:
        raise
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise OpplastingFeil(_feil_per_celle(error, where, by_code)) from error


def _feil_per_celle(error, where, by_code):
    result = []
    for key, messages in error.message_dict.items():
        if key == NON_FIELD_ERRORS or "|" not in key:
            result.extend(Feil(None, None, "", m) for m in messages)
            continue
        code, row_key = key.split("|", 1)
        number, letter, title = where.get((code, row_key), (None, None, ""))
        if letter is None and code in by_code:
            title = str(by_code[code].navn)
            # A value the file left out: name the field and the row key.
            messages = [
                f"{title} [{row_key}]: {m}" if row_key else f"{title}: {m}" for m in messages
            ]
            title = ""
        result.extend(Feil(number, letter, title, m) for m in messages)
    return result
