"""Safe Excel in and out: what an upload must be, and cell text that cannot run as a formula.

Uploads are refused unless they are a real .xlsx (a zip with a workbook in it), under
the size limit, without macros and without a document type declaration in any of its
XML (which is how an XML bomb or an external entity would get in). Exported text that
starts with a formula character is prefixed with an apostrophe so a spreadsheet shows it
as text (CSV/formula injection).
"""

import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
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
        with zipfile.ZipFile(fil) as archive:
            problems = (_xml_problem(archive, info) for info in archive.infolist())
            problem = next((p for p in problems if p), None)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        # A damaged, encrypted or oddly compressed member.
        problem = "ikke_xlsx"
    if problem:
        raise ValidationError(NOT_XLSX, code=problem)
    fil.seek(0)
    try:
        return load_workbook(fil, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise ValidationError(NOT_XLSX, code="ikke_xlsx") from None


# Members openpyxl parses as XML.
XML_MEMBERS = (".xml", ".rels", ".vml")


class _Dtd(Exception):
    pass


class _Root(Exception):
    pass


def _xml_problem(archive, info):
    """Why the member ``info`` may not be read, as an error code, or None.

    "dtd": it declares a document type. Excel never writes one, and a DTD is where an XML
    bomb (entities that expand a billionfold) or an external entity is declared; openpyxl
    would parse it (defusedxml is not installed). "ikke_xlsx": an XML member is not
    well-formed, which openpyxl would find only while the rows are read.

    expat reads every encoding openpyxl's parser does. A member not named as XML (an
    image, printer settings) is read only up to its first element, where a DTD must
    have come, or until it is clearly not XML.
    """

    def dtd(*args):
        raise _Dtd

    def root(*args):
        raise _Root

    is_xml = info.filename.lower().endswith(XML_MEMBERS)
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    if not is_xml:
        parser.StartElementHandler = root
    with archive.open(info) as member:
        try:
            while chunk := member.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Dtd:
            return "dtd"
        except _Root:
            return None
        except expat.ExpatError:
            return "ikke_xlsx" if is_xml else None
    return None


@dataclass
class Feil:
    """One error of an upload: its Excel row and column (when known) and the message."""

    rad: int | None
    kolonne: str | None
    overskrift: str
    melding: str

    def __str__(self):
        if self.rad and self.kolonne:
            return gettext("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
                "row": self.rad,
                "column": self.kolonne,
                "header": self.overskrift,
                "message": self.melding,
            }
        if self.rad:
            return gettext("Row %(row)s: %(message)s") % {"row": self.rad, "message": self.melding}
        if self.kolonne:
            return gettext("Column %(column)s (%(header)s): %(message)s") % {
                "column": self.kolonne,
                "header": self.overskrift,
                "message": self.melding,
            }
        return self.melding


class OpplastingFeil(ValidationError):
    """The upload changed nothing; ``feil`` holds the errors, row by row."""

    def __init__(self, feil):
        feil = sorted(feil, key=lambda f: (f.rad or 0, len(f.kolonne or ""), f.kolonne or ""))
        super().__init__([str(f) for f in feil], code="opplasting")
        self.feil = feil
