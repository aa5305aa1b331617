"""The one rendering path: a report type's content → HTML → PDF (WeasyPrint) and Excel.

WeasyPrint may fetch only the project's own static files. Every other address — a
``file://`` path or a network URL that found its way into the data — is refused, so a
report cannot leak files of the server or call out.
"""

import io
import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styring.perioder import periodenavn
from styring.registries import rapporttyper
from styring.regneark import noytraliser
from styring.reports.typer import Innhold

BASE_URL = "https://etatsstyring.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")


def _static_path(relative):
    """The file of a static name: from the apps and node_modules, or — in production,
    where names carry a hash («rapport.42a770bf73e8.css») — from collectstatic's output."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(relative)
    if found:
        return found
    try:
        if staticfiles_storage.exists(relative):
            return staticfiles_storage.path(relative)
    except NotImplementedError:  # a storage without local files
        return None
    return None


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(STATIC_PREFIX):
                raise URLFetchingError(f"Refused: {url[:80]}")
            relative = url[len(STATIC_PREFIX) :].split("?")[0]
            path = _static_path(relative) if ".." not in relative else None
            if not path:
                raise URLFetchingError(f"Not a static file: {relative[:80]}")
            with open(path, "rb") as handle:
                body = handle.read()
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticOnly()


def html_til_pdf(html):
    """A tagged PDF/A-3a with the document's language, from ``html``."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher())
    return document.write_pdf(pdf_variant="pdf/a-3a", pdf_tags=True)


def tabeller_til_excel(tabeller, *, tittel):
    """One sheet per table; cell text that a spreadsheet would run as a formula is
    neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for tabell in tabeller or []:
        name = _sheet_name(tabell.tittel, used)
        sheet = workbook.create_sheet(name)
        sheet.append([noytraliser(str(tabell.tittel))])
        sheet["A1"].font = Font(bold=True)
        sheet.append([noytraliser(str(k)) for k in tabell.kolonner])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for rad in tabell.rader:
            sheet.append([noytraliser(v if not hasattr(v, "resolve") else str(v)) for v in rad])
    if not workbook.sheetnames:
        sheet = workbook.create_sheet(_sheet_name(tittel, used))
        sheet.append([noytraliser(str(tittel))])
        sheet.append([_("The report has no tables.")])
    workbook.properties.title = str(tittel)[:250]
    workbook.properties.language = "nb"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title, used):
    base = "".join(c for c in str(title) if c not in "[]:*?/\\")[:28] or "Ark"
    name, number = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {number}"
        number += 1
    used.add(name.lower())
    return name


def bygg(*, type_kode, virksomhet, periode_fra, periode_til, user=None, generert=None):
    """The report's HTML, its tables and its content, rendered in the portal's language."""
    rapporttype = rapporttyper[type_kode]
    generert = generert or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        innhold: Innhold = rapporttype.hent(
            virksomhet=virksomhet, periode_fra=periode_fra, periode_til=periode_til, user=user
        )
        periode = periodenavn(periode_fra, frekvens=rapporttype.frekvens)
        tittel = f"{rapporttype.navn} – {virksomhet.navn} – {periode}"
        context = {
            **innhold.context,
            "virksomhet": virksomhet,
            "periode_fra": periode_fra,
            "periode_til": periode_til,
            "periode_tekst": periode,
            "tittel": tittel,
            "rapportnavn": rapporttype.navn,
            "utsteder": virksomhet.styres_av.navn if virksomhet.styres_av_id else virksomhet.navn,
            "generert": timezone.localtime(generert),
            "mangler": innhold.datagrunnlag.get("mangler", []),
            "forelopige": innhold.datagrunnlag.get("forelopige", 0),
        }
        html = render_to_string(rapporttype.template_name, context)
    return html, innhold, tittel
