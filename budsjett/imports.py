"""Import accounts from a CSV or Excel export of the accounting system; all or nothing.

One row per chapter, account group (or post) and month, with a header row naming the
columns (in any order; extra columns are ignored)::

    Kapittel;Kontogruppe;Måned;Beløp
    360;10;2026-01;63 512

The month may be written 1–12, «2026-01», «202601», «01.2026» or «januar», or be a date
cell. Amounts are whole NOK 1 000; income is negative. The file is refused as a whole when
any cell is wrong — an amount that is not a number, an account group not in the budget, a
month already submitted — and every error names its row and column.
"""

import csv
import datetime
import io
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budsjett import services
from budsjett.models import Budsjettrapport, Konto
from budsjett.selectors import budsjett_per_konto
from styring.access import Action, permits
from styring.arbeidsflyt import services as arbeidsflyt
from styring.regneark import FORMULA_START, MAKS_BYTES, Feil, OpplastingFeil, les_xlsx, noytraliser

KOLONNER = {
    "kapittel": ("kapittel", "kap", "kap.", "chapter"),
    "konto": ("kontogruppe", "konto", "post", "kontogruppe/post", "account group"),
    "maaned": ("måned", "maaned", "mnd", "periode", "month"),
    "belop": ("beløp", "belop", "beløp (nok 1 000)", "beløp i 1000 kr", "amount"),
}
MAANEDER = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "jan"),
            ("februar", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("desember", "des"),
        ],
        start=1,
    )
    for name in names
}
_YEAR_MONTH = re.compile(r"^(?P<year>\d{4})[-/.]?(?P<month>\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(?P<month>\d{1,2})[-/.](?P<year>\d{4})$")


def _letter(column):
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text


def _header(value):
    return " ".join(_text(value).lower().split())


def les_rader(fil):
    """The file's rows as lists of cell values, header first; ValidationError when the
    file is neither a readable CSV nor a real .xlsx."""
    name = (getattr(fil, "name", "") or "").lower()
    if name.endswith((".xlsx", ".xlsm", ".xlsb", ".xltm")):
        book = les_xlsx(fil)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    size = getattr(fil, "size", None)
    if size is not None and size > MAKS_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAKS_BYTES // 2**20},
            code="for_stor",
        )
    fil.seek(0)
    raw = fil.read()
    if raw[:4] == b"PK\x03\x04":
        fil.seek(0)
        book = les_xlsx(fil)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Norwegian saves CSV in Windows-1252.
        text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text else ""
    delimiter = max(";,\t", key=first.count) if first else ";"
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _month(value, aar):
    """(month, error) from a month cell."""
    if isinstance(value, datetime.datetime | datetime.date):
        if value.year != aar:
            return None, _("The month is not in %(year)s.") % {"year": aar}
        return value.month, None
    text = _text(value).lower().rstrip(".")
    if not text:
        return None, _("Enter the month.")
    number = None
    if text.isdigit() and len(text) <= 2:
        number = int(text)
    elif text in MAANEDER:
        number = MAANEDER[text]
    else:
        found = _YEAR_MONTH.match(text) or _MONTH_YEAR.match(text)
        if found is None and " " in text:
            word, _space, year = text.partition(" ")
            if word in MAANEDER and year.isdigit():
                return (
                    (MAANEDER[word], None)
                    if int(year) == aar
                    else (
                        None,
                        _("The month is not in %(year)s.") % {"year": aar},
                    )
                )
        if found is not None:
            if int(found["year"]) != aar:
                return None, _("The month is not in %(year)s.") % {"year": aar}
            number = int(found["month"])
    if number is None or not 1 <= number <= 12:
        return None, _("Write the month as 1–12, 2026-01 or januar.")
    return number, None


def importer_regnskap(*, virksomhet, aar, user, fil):
    """Save the accounts in ``fil`` for ``virksomhet`` and ``aar``; all or nothing.

    Returns the reports saved. Raises ``OpplastingFeil`` (errors by row and column),
    ValidationError for a file that cannot be read, or PermissionDenied.
    """
    if not permits(user, Action.REPORT, virksomhet):
        raise PermissionDenied
    lines = les_rader(fil)
    while lines and all(_text(v) == "" for v in lines[0]):
        lines.pop(0)
    if not lines:
        raise OpplastingFeil([Feil(None, None, "", _("The file is empty."))])

    header = [_header(v) for v in lines[0]]
    columns, errors = {}, []
    for key, names in KOLONNER.items():
        found = [i for i, title in enumerate(header) if title in names]
        if not found:
            errors.append(
                Feil(
                    None,
                    None,
                    "",
                    _("The file has no column «%(column)s».") % {"column": names[0].capitalize()},
                )
            )
        else:
            columns[key] = found[0]
    if errors:
        raise OpplastingFeil(errors)

    budget = budsjett_per_konto(virksomhet=virksomhet, aar=aar, user=user)
    kontoer = {(k.kapittel.nummer, Konto.normaliser(k.kode)): k for k in budget}
    reports = {
        r.periode: r
        for r in Budsjettrapport.objects.for_user(user).filter(
            virksomhet=virksomhet, aar=aar, type=Budsjettrapport.Type.REGNSKAP
        )
    }

    def cell(line, key):
        index = columns[key]
        return line[index] if index < len(line) else None

    def where(number, key):
        return number, _letter(columns[key] + 1), _text(lines[0][columns[key]])

    values, seen = {}, {}
    for number, line in enumerate(lines[1:], start=2):
        if all(_text(v) == "" for v in line) or _text(cell(line, "belop")) == "":
            # Rows without an amount (as in the template) bring nothing to import.
            continue
        row_errors = []
        chapter = Konto.normaliser(_text(cell(line, "kapittel")))
        code = Konto.normaliser(_text(cell(line, "konto")))
        konto = None
        for (nummer, kode), candidate in kontoer.items():
            if Konto.normaliser(nummer) == chapter and kode == code:
                konto = candidate
        if konto is None:
            row_errors.append(
                Feil(
                    *where(number, "konto"),
                    _("Chapter %(chapter)s, %(code)s is not in the budget for %(year)s.")
                    % {
                        "chapter": _text(cell(line, "kapittel")) or "–",
                        "code": _text(cell(line, "konto")) or "–",
                        "year": aar,
                    },
                )
            )
        month, month_error = _month(cell(line, "maaned"), aar)
        if month_error:
            row_errors.append(Feil(*where(number, "maaned"), month_error))
        raw_amount = cell(line, "belop")
        amount = None
        try:
            amount = services.tolk_belop(raw_amount)
        except ValidationError as error:
            shown = _text(raw_amount)
            message = error.messages[0]
            row_errors.append(Feil(*where(number, "belop"), f"{message} «{shown}»"))
        if not row_errors:
            report = reports.get(month)
            if report is not None and not report.aapen:
                row_errors.append(
                    Feil(
                        *where(number, "maaned"),
                        _("The accounts for %(month)s are submitted and locked.")
                        % {"month": report.periodetekst},
                    )
                )
            elif (konto.pk, month) in seen:
                row_errors.append(
                    Feil(
                        number,
                        None,
                        "",
                        _("The same row as row %(other)s.") % {"other": seen[(konto.pk, month)]},
                    )
                )
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[(konto.pk, month)] = number
        values.setdefault(month, {})[konto.pk] = (amount, "")
    if errors:
        raise OpplastingFeil(errors)
    if not values:
        raise OpplastingFeil([Feil(None, None, "", _("The file has no amounts."))])

    saved = []
    with transaction.atomic():
        for month in sorted(values):
            report = services.aapne_rapport(
                virksomhet=virksomhet,
                aar=aar,
                type=Budsjettrapport.Type.REGNSKAP,
                periode=month,
                user=user,
            )
            saved.append(
                arbeidsflyt.lagre(
                    objekt=report, user=user, raw=values[month], versjon=report.versjon
                )
            )
    return saved


def lag_mal(*, virksomhet, aar, user):
    """An .xlsx to fill in: a row per account group or post and month, amounts empty."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    budget = budsjett_per_konto(virksomhet=virksomhet, aar=aar, user=user)
    book = Workbook()
    sheet = book.active
    sheet.title = "Regnskap"
    sheet.append(["Kapittel", "Kontogruppe/post", "Navn", "Måned", "Beløp"])
    for item in sheet[1]:
        item.font = Font(bold=True)
    for month in range(1, 13):
        for konto in budget:
            sheet.append(
                [
                    noytraliser(konto.kapittel.nummer),
                    noytraliser(konto.kode),
                    noytraliser(konto.navn),
                    f"{aar:d}-{month:02d}",
                    None,
                ]
            )
    sheet.column_dimensions["C"].width = 50
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
