"""Budgets and their follow-up as CSV (semicolon-separated, for Norwegian Excel) or .xlsx.

Text is neutralised so that no cell can start a formula (``styring.regneark.noytraliser``);
amounts stay numbers.
"""

import csv
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from styring.regneark import noytraliser

FORMATER = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return noytraliser(str(value))


def _xlsx_value(value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        return noytraliser(value)
    return value


def svar(*, filnavn, ark, kolonner, rader, format):
    """An attachment ``filnavn.<format>`` with a header row and ``rader``."""
    if format not in FORMATER:
        raise Http404
    if format == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filnavn}.csv"'
        response.write("\ufeff")  # so Excel reads UTF-8
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_csv_value(str(c)) for c in kolonner])
        for row in rader:
            writer.writerow([_csv_value(v) for v in row])
        return response

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(ark)[:31]
    sheet.append([noytraliser(str(c)) for c in kolonner])
    for item in sheet[1]:
        item.font = Font(bold=True)
    for row in rader:
        sheet.append([_xlsx_value(v) for v in row])
    sheet.freeze_panes = "A2"
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filnavn}.xlsx"'
    book.save(response)
    return response


def oppfolging_kolonner():
    return [
        _("Organisation"),
        _("Year"),
        _("Chapter"),
        _("Account group or post"),
        _("Name"),
        _("Budget"),
        _("Accounts to date"),
        _("Share of budget used (%)"),
        _("Forecast"),
        _("Forecast from tertial"),
        _("Deviation"),
        _("Deviation (%)"),
        _("Material"),
        _("Explanation"),
    ]


def oppfolging_rader(oppfolginger):
    for oppfolging in oppfolginger:
        for row in oppfolging.rader:
            yield [
                oppfolging.virksomhet.kode,
                oppfolging.aar,
                row.konto.kapittel.nummer,
                row.konto.kode,
                row.konto.navn,
                row.budsjett,
                row.regnskap,
                row.forbruk_prosent,
                row.prognose,
                row.prognose_tertial,
                row.avvik,
                row.avvik_prosent,
                row.vesentlig,
                row.forklaring,
            ]


def budsjett_kolonner():
    return [
        _("Table"),
        _("Chapter"),
        _("Row"),
        _("Text"),
        _("Kind of row"),
        _("Organisation"),
        _("Year"),
        _("Amount (NOK 1 000)"),
        _("As printed"),
        _("Calculated"),
        _("Difference"),
    ]


def budsjett_rader(tabeller):
    from budsjett.models import Radtype

    labels = dict(Radtype.choices)
    for view in tabeller:
        for row in view.rader:
            for column, cell in zip(view.kolonner, row.celler, strict=True):
                if cell is None:
                    continue
                text = row.navn
                if row.prosjekt or row.kontogruppe:
                    text = " ".join(p for p in (row.prosjekt, row.navn, row.kontogruppe) if p)
                yield [
                    view.tabell.kode or view.tabell.tittel,
                    view.tabell.kapittel.nummer,
                    row.nummer,
                    text,
                    str(labels.get(row.radtype, row.radtype)),
                    column.virksomhet.kode,
                    column.aar,
                    cell.verdi,
                    cell.trykt,
                    cell.beregnet,
                    cell.differanse,
                ]
