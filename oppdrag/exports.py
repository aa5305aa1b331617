"""The assignment overview as CSV (semicolon-separated, for Norwegian Excel) or .xlsx."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _


def _columns():
    return [
        _("Letter"),
        _("No."),
        _("Assignment"),
        _("Kind"),
        _("Responsible"),
        _("Deadline as written"),
        _("Deadline"),
        _("Due"),
        _("Status"),
    ]


def _rows(assignments):
    for oppdrag in assignments:
        yield [
            str(oppdrag.brev),
            oppdrag.kode,
            oppdrag.tekst,
            oppdrag.get_art_display(),
            ", ".join(v.kode for v in oppdrag.ansvarlige.all()),
            oppdrag.frist_tekst,
            oppdrag.frist_dato,
            oppdrag.forfall,
            oppdrag.get_status_display(),
        ]


def _date(value):
    return value.strftime("%d.%m.%Y") if value else ""


def som_csv(assignments):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="oppdrag.csv"'
    response.write("\ufeff")  # so Excel reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(_columns())
    for row in _rows(assignments):
        writer.writerow([*row[:6], _date(row[6]), _date(row[7]), row[8]])
    return response


def som_excel(assignments):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Assignments")[:31]
    sheet.append(_columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(assignments):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, min_col=7, max_col=8):
        for cell in cells:
            cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="oppdrag.xlsx"'
    workbook.save(response)
    return response
