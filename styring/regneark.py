"""Safe Excel in and out: what an upload must be, and cell text that cannot run as a formula.

Uploads are refused unless they are a real .xlsx (a zip with a workbook in it), under
the size limit, and without macros. Exported text that starts with a formula character
is prefixed with an apostrophe so a spreadsheet shows it as text (CSV/formula injection).
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAKS_BYTES = 5 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

NOT_XLSX = _("The file is not an Excel workbook (.xlsx). Download the template and use it.")
TOO_LARGE = _("The file is larger than %(mb)s MB.")
HAS_MACROS = _("The file contains macros. Save it as an ordinary workbook (.xlsx) and try again.")


def noytraliser(value):
    """``value`` safe to write into a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def les_xlsx(fil, *, maks_bytes=MAKS_BYTES):
    """Open an uploaded workbook for reading, or raise ValidationError saying why not."""
    from openpyxl import load_workbook

    name = getattr(fil, "name", "") or ""
    size = getattr(fil, "size", None)
    if size is not None and size > maks_bytes:
        raise ValidationError(TOO_LARGE, code="for_stor", params={"mb": maks_bytes // 2**20})
    if name and not name.lower().endswith(".xlsx"):
        if name.lower().endswith((".xlsm", ".xlsb", ".xltm")):
            raise ValidationError(HAS_MACROS, code="makro")
        raise ValidationError(NOT_XLSX, code="ikke_xlsx")
    fil.seek(0)
    if fil.read(4) != b"PK\x03\x04":
        raise ValidationError(NOT_XLSX, code="ikke_xlsx")
    fil.seek(0)
    try:
        with zipfile.ZipFile(fil) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError(NOT_XLSX, code="ikke_xlsx") from None
    if "xl/workbook.xml" not in names:
        raise ValidationError(NOT_XLSX, code="ikke_xlsx")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(HAS_MACROS, code="makro")
    # A small zip that unpacks to something huge is refused before it is read.
    if unpacked > 20 * maks_bytes:
        raise ValidationError(TOO_LARGE, code="for_stor", params={"mb": maks_bytes // 2**20})
    fil.seek(0)
    try:
        return load_workbook(fil, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise ValidationError(NOT_XLSX, code="ikke_xlsx") from None
