"""Measure the server time of every main page and API list, against a trivial view.

One run, one process, the current database: each page is requested through Django's
handler (``django.test.Client``, the full middleware stack, no network) by a logged-in
department officer and an agency user, ``--antall`` times after a warm-up, interleaved
page by page so the noise of a shared machine spreads evenly. The floor is a trivial view
routed through the same middleware by a temporary URLconf. The tertial PDF of the
reference agency is timed next to a bare WeasyPrint render of the same HTML.

The pages are found, not listed: every named route of the URL resolver without required
arguments, plus the detail pages of a representative object, found by following the links
those pages show a user of the reference agency (BFE when it is loaded): its latest letter,
submissions, assignments, indicators, and the pages they link to. ``styring`` names no
model of the apps built on it. Prints a table and writes it as JSON; exits non-zero if a
page does not answer 200.
"""

import contextlib
import json
import logging
import math
import statistics
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.utils import timezone
from django.utils.http import urlencode

from styring.access import Rolle
from styring.models import Bruker, Virksomhet

# Pages over either limit are listed as slow (the issue's goal for dashboards and lists).
GRENSE_MS = 150
GRENSE_FORHOLD = 10

# Named routes without arguments that are not pages to measure: log in and out, password
# forms, the token endpoint (POST only) and the generated API schema and its viewer.
UTELATT = {
    "styring:login",
    "styring:logout",
    "styring:password_change",
    "styring:password_change_done",
    "api:token",
    "api:schema",
    "api:docs",
}
TRIVIELL = "benchmark-triviell"
# Detail routes that are forms, exports, files or feeds rather than pages to measure.
IKKE_SIDER = (
    "-ny",
    "-endre",
    "-slett",
    "-eksport",
    "-fil",
    "-leveransefil",
    "-mal",
    "-ics",
    "-opplasting",
    "-import",
)

# Routes without path arguments that need a query: a representative one, from the agency.
SPORRINGER = {
    "api:budsjett:budsjettoppfolging": lambda etat, aar: {"virksomhet": etat.kode, "aar": aar},
}


def triviell(request):
    """The floor: no query of its own, but the same middleware as every page (the session
    and the user are loaded by the middleware that keeps pages out of caches)."""
    return HttpResponse("ok", content_type="text/plain")


# The temporary URLconf: the trivial view next to the real routes (ROOT_URLCONF = __name__).
urlpatterns = [
    path("__benchmark/triviell/", triviell, name=TRIVIELL),
    path("", include("config.urls")),
]


@dataclass
class Side:
    navn: str
    url: str
    bruker: str  # "avdeling" or "etat"
    # Whether a refusal (403/404) is an answer rather than an error: for the agency user on
    # routes found in the resolver, some of which are for department staff only.
    kan_nektes: bool = False
    status: int | None = None
    tider: list = field(default_factory=list)
    sql: int | None = None
    sql_detalj: list = field(default_factory=list)


@contextlib.contextmanager
def _stille(*names, level=logging.ERROR):
    """Only ``level`` and above from these loggers (WeasyPrint's progress, fontTools')."""
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, before, strict=True):
            logger.setLevel(old)


def persentil(values, p):
    """The ``p``th percentile, linear between the closest ranks (as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ruter_uten_argumenter(patterns=None, namespace=""):
    """The names of every route without required arguments, in URLconf order."""
    names = []
    for pattern in get_resolver("config.urls").url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # the admin site: not part of the portal's pages
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            names += [
                n for n in ruter_uten_argumenter(pattern.url_patterns, inner) if n not in names
            ]
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            if name in UTELATT:
                continue
            try:
                reverse(name, urlconf="config.urls")
            except NoReverseMatch:
                continue
            if name not in names:
                names.append(name)
    return names


def referansevirksomhet(kode=None):
    """BFE when it is loaded, else the agency with the most letters."""
    agencies = Virksomhet.objects.filter(type=Virksomhet.Type.ETAT).exclude(styres_av=None)
    if kode:
        found = agencies.filter(kode=kode).first()
        if found is None:
            raise CommandError(f"Fant ikke etaten {kode}.")
        return found
    found = agencies.filter(kode="BFE").first() or agencies.order_by("kode").first()
    if found is None:
        raise CommandError(
            "Fant ingen etat som styres av en byrådsavdeling. Last inn virksomhetene "
            "(loaddata virksomheter) og lag datasettet (lag_stort_datasett)."
        )
    return found


def _bruker(username, *, virksomhet, roller, hva):
    if username:
        user = Bruker.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Fant ikke brukeren {username}.")
        return user
    for rolle in roller:
        user = (
            Bruker.objects.filter(virksomhet=virksomhet, rolle=rolle, is_active=True)
            .order_by("username")
            .first()
        )
        if user is not None:
            return user
    raise CommandError(
        f"Fant ingen {hva} i {virksomhet.kode}. Lag datasettet (lag_stort_datasett) eller "
        "demobrukerne (lag_demodata), eller oppgi brukeren med --avdelingsbruker/--etatsbruker."
    )


class _Lenker(HTMLParser):
    """The ``href`` of every link on a page, in order."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _detaljrute(href):
    """(route name, path with query) when ``href`` is a detail page of the portal to
    measure: a named GET page with arguments, not a form, an export or a file."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path, urlconf="config.urls")
    except Resolver404:
        return None
    name = match.view_name
    if (
        not match.url_name
        or match.namespace == "admin"
        or not (match.args or match.kwargs)
        or name in UTELATT
        or name.endswith(IKKE_SIDER)
    ):
        return None
    return name, parts.path + (f"?{parts.query}" if parts.query else "")


def finn_detaljsider(client, start_urls, *, per_rute=2, dybde=2):
    """Detail pages with a representative object: the first ``per_rute`` links to each
    detail route on the pages in ``start_urls`` as ``client`` sees them, then on those
    pages in turn (``dybde`` levels). No model is named: what is measured is what a user
    of the reference agency finds first (its latest letter, submissions, assignments)."""
    found, by_route, frontier = [], {}, list(start_urls)
    for _level in range(dybde):
        next_frontier = []
        for url in frontier:
            response = client.get(url, secure=True)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Lenker()
            parser.feed(response.content.decode(response.charset or "utf-8", "replace"))
            for href in parser.hrefs:
                route = _detaljrute(href)
                if route is None:
                    continue
                name, path_ = route
                urls = by_route.setdefault(name, [])
                if path_ in urls or len(urls) >= per_rute:
                    continue
                urls.append(path_)
                found.append((name, path_))
                next_frontier.append(path_)
        frontier = next_frontier
    return found


class Command(BaseCommand):
    help = (
        "Måler servertid (p50 og p95) for alle hovedsider og API-lister mot en triviell "
        "Django-visning, og tertialrapportens PDF mot ren WeasyPrint. Skriver en tabell og JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--antall", type=int, default=50, help="Målte forespørsler per side (minst 1)."
        )
        parser.add_argument(
            "--oppvarming", type=int, default=3, help="Umålte forespørsler per side først."
        )
        parser.add_argument(
            "--json",
            default=str(Path(settings.BASE_DIR) / "var" / "benchmark.json"),
            help="Hvor JSON-resultatet skrives (standard var/benchmark.json).",
        )
        parser.add_argument("--etat", help="Referanseetaten (standard BFE).")
        parser.add_argument("--avdelingsbruker", help="Brukernavn for byrådsavdelingen.")
        parser.add_argument("--etatsbruker", help="Brukernavn for etaten.")
        parser.add_argument(
            "--pdf-antall", type=int, default=3, help="Målte PDF-kjøringer (0: hopp over PDF)."
        )
        parser.add_argument(
            "--side",
            action="append",
            default=[],
            help="Mål bare denne siden (adresse eller rutenavn); kan gjentas. "
            "Den trivielle visningen måles alltid.",
        )
        parser.add_argument(
            "--vis-sql",
            action="store_true",
            help="Skriv de tregeste SQL-spørringene for sider over grensene.",
        )

    def handle(self, *args, **options):
        antall = options["antall"]
        if antall < 1:
            raise CommandError("--antall må være minst 1.")
        etat = referansevirksomhet(options["etat"])
        users = {
            "avdeling": _bruker(
                options["avdelingsbruker"],
                virksomhet=etat.styres_av,
                roller=[Rolle.STYRER],
                hva="styrer",
            ),
            "etat": _bruker(
                options["etatsbruker"],
                virksomhet=etat,
                roller=[Rolle.RAPPORTOR, Rolle.GODKJENNER, Rolle.LESER],
                hva="etatsbruker",
            ),
        }
        pages = self.sider(etat)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        started = time.perf_counter()
        # A refusal the agency user is expected to meet is not worth a warning each time.
        request_log = logging.getLogger("django.request")
        level = request_log.level
        request_log.setLevel(logging.ERROR)
        try:
            pages = self.maal(pages, users, hosts, antall, options)
        finally:
            request_log.setLevel(level)
        seconds = time.perf_counter() - started
        pdf = self.pdf(etat, options["pdf_antall"]) if options["pdf_antall"] > 0 else None
        result = self.resultat(pages, users, etat, antall, options, pdf, seconds)
        self.skriv(result, pages, options["vis_sql"])
        target = Path(options["json"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(f"JSON skrevet til {target}")
        if result["feil"]:
            raise CommandError(
                "Sider som ikke svarte 200: "
                + ", ".join(f"{f['side']} ({f['bruker']}: {f['status']})" for f in result["feil"])
            )

    def maal(self, pages, users, hosts, antall, options):
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=hosts):
            clients = {}
            for role, user in users.items():
                clients[role] = Client()
                clients[role].force_login(user)
            start = [p.url for p in pages if p.bruker == "etat" and p.navn != TRIVIELL]
            for name, url in finn_detaljsider(clients["etat"], start):
                pages += [Side(name, url, role) for role in ("avdeling", "etat")]
            if options["side"]:
                wanted = set(options["side"])
                pages = [p for p in pages if p.navn == TRIVIELL or {p.navn, p.url} & wanted]
            self.varm_opp(pages, clients, options["oppvarming"])
            measured = [p for p in pages if p.status == 200]
            self.tell_sql(measured, clients)
            # Timed without DEBUG's query log, as in production.
            with override_settings(DEBUG=False):
                for _round in range(antall):
                    for page in measured:
                        client = clients[page.bruker]
                        begin = time.perf_counter()
                        response = client.get(page.url, secure=True)
                        page.tider.append((time.perf_counter() - begin) * 1000)
                        if response.status_code != 200:
                            page.status = response.status_code
        return pages

    # Which pages

    def sider(self, etat):
        pages = [
            Side(TRIVIELL, reverse(TRIVIELL, urlconf=__name__), role)
            for role in ("avdeling", "etat")
        ]
        year = timezone.localdate().year
        for name in ruter_uten_argumenter():
            url = reverse(name, urlconf="config.urls")
            if name in SPORRINGER:
                url = f"{url}?{urlencode(SPORRINGER[name](etat, year))}"
            pages.append(Side(name, url, "avdeling"))
            pages.append(Side(name, url, "etat", kan_nektes=True))
        return pages

    # Measuring

    def varm_opp(self, pages, clients, count):
        for page in pages:
            for _i in range(max(1, count)):
                page.status = clients[page.bruker].get(page.url, secure=True).status_code
                if page.status != 200:
                    break

    def tell_sql(self, pages, clients):
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                clients[page.bruker].get(page.url, secure=True)
            page.sql = len(queries.captured_queries)
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
            page.sql_detalj = [
                {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:2000]} for q in slowest
            ]

    def pdf(self, etat, runs):
        """The tertial report of ``etat`` (build the HTML, render tagged PDF/A) next to a
        bare WeasyPrint render of the same HTML, ``runs`` times each after one warm-up."""
        import weasyprint

        from styring.perioder import Frekvens, siste_avsluttede_periode
        from styring.reports import gjengivelse

        fra, til = siste_avsluttede_periode(frekvens=Frekvens.TERTIAL, idag=timezone.localdate())

        def build():
            html, _innhold, _tittel = gjengivelse.bygg(
                type_kode="tertial", virksomhet=etat, periode_fra=fra, periode_til=til
            )
            return html

        timings = {"bygg_html": [], "html_til_pdf": [], "hele_rapporten": [], "weasyprint_bar": []}
        timings["weasyprint_med_stilark"] = []
        sizes = {}
        for run in range(runs + 1):
            with _stille("weasyprint", "fontTools"):
                begin = time.perf_counter()
                html = build()
                built = time.perf_counter()
                document = gjengivelse.html_til_pdf(html)
                done = time.perf_counter()
                # Bare: no base URL, so the stylesheet is not found (as the issue asks);
                # with the stylesheet: the same fetcher, but neither PDF/A nor tags.
                with _stille("weasyprint", level=logging.CRITICAL):
                    bare = weasyprint.HTML(string=html).write_pdf()
                bare_end = time.perf_counter()
                styled = weasyprint.HTML(
                    string=html,
                    base_url=gjengivelse.BASE_URL,
                    url_fetcher=gjengivelse._static_fetcher(),
                ).write_pdf()
                styled_end = time.perf_counter()
            if run == 0:
                sizes = {
                    "pdf_byte": len(document),
                    "bar_byte": len(bare),
                    "stilark_byte": len(styled),
                    "html_tegn": len(html),
                }
                continue
            timings["bygg_html"].append((built - begin) * 1000)
            timings["html_til_pdf"].append((done - built) * 1000)
            timings["hele_rapporten"].append((done - begin) * 1000)
            timings["weasyprint_bar"].append((bare_end - done) * 1000)
            timings["weasyprint_med_stilark"].append((styled_end - bare_end) * 1000)
        medians = {key: round(statistics.median(values), 1) for key, values in timings.items()}
        return {
            "periode": f"{fra:%d.%m.%Y}–{til:%d.%m.%Y}",
            "kjoringer": runs,
            "median_ms": medians,
            "min_ms": {key: round(min(values), 1) for key, values in timings.items()},
            "forhold_til_bar": round(medians["hele_rapporten"] / medians["weasyprint_bar"], 2),
            "forhold_til_stilark": round(
                medians["hele_rapporten"] / medians["weasyprint_med_stilark"], 2
            ),
            **sizes,
        }

    # Output

    def resultat(self, pages, users, etat, antall, options, pdf, seconds):
        floors = {p.bruker: persentil(p.tider, 95) for p in pages if p.navn == TRIVIELL and p.tider}
        rows, errors, refused = [], [], []
        for page in pages:
            if page.status != 200:
                if page.kan_nektes and page.status in (403, 404):
                    refused.append({"side": page.url, "bruker": page.bruker, "status": page.status})
                else:
                    errors.append({"side": page.url, "bruker": page.bruker, "status": page.status})
                continue
            p50, p95 = persentil(page.tider, 50), persentil(page.tider, 95)
            floor = floors.get(page.bruker)
            ratio = p95 / floor if floor else None
            slow = page.navn != TRIVIELL and (
                p95 > GRENSE_MS or (ratio is not None and ratio > GRENSE_FORHOLD)
            )
            rows.append(
                {
                    "navn": page.navn,
                    "side": page.url,
                    "bruker": page.bruker,
                    "p50_ms": round(p50, 2),
                    "p95_ms": round(p95, 2),
                    "forhold_p95": round(ratio, 1) if ratio is not None else None,
                    "sql": page.sql,
                    "over_grense": slow,
                    "tregeste_sql": page.sql_detalj if slow else [],
                }
            )
        database = settings.DATABASES["default"]
        return {
            "tidspunkt": timezone.now().isoformat(timespec="seconds"),
            "database": {"motor": connection.vendor, "navn": str(database.get("NAME"))},
            "debug": settings.DEBUG,
            "antall": antall,
            "oppvarming": options["oppvarming"],
            "etat": etat.kode,
            "brukere": {role: user.username for role, user in users.items()},
            "grenser": {"p95_ms": GRENSE_MS, "forhold": GRENSE_FORHOLD},
            "triviell_p95_ms": {role: round(v, 3) for role, v in floors.items()},
            "sekunder": round(seconds, 1),
            "sider": rows,
            "nektet": refused,
            "feil": errors,
            "pdf": pdf,
        }

    def skriv(self, result, pages, show_sql):
        out = self.stdout
        out.write(
            f"Database: {result['database']['motor']} {result['database']['navn']}; "
            f"etat {result['etat']}; brukere {result['brukere']['avdeling']} (avdeling), "
            f"{result['brukere']['etat']} (etat); {result['antall']} målinger per side; "
            f"{result['sekunder']} s"
        )
        header = (
            f"{'side':<52} {'bruker':<8} {'p50 ms':>8} {'p95 ms':>8} {'p95/triv':>9} {'sql':>5}"
        )
        out.write(header)
        out.write("-" * len(header))
        for row in result["sider"]:
            ratio = f"{row['forhold_p95']:.1f}" if row["forhold_p95"] is not None else "–"
            mark = "  !" if row["over_grense"] else ""
            out.write(
                f"{row['side'][:52]:<52} {row['bruker']:<8} {row['p50_ms']:>8.1f} "
                f"{row['p95_ms']:>8.1f} {ratio:>9} {row['sql']:>5}{mark}"
            )
        for row in result["nektet"]:
            out.write(f"{row['side'][:52]:<52} {row['bruker']:<8} nektet ({row['status']})")
        for row in result["feil"]:
            out.write(
                self.style.ERROR(f"{row['side'][:52]:<52} {row['bruker']:<8} FEIL {row['status']}")
            )
        slow = [row for row in result["sider"] if row["over_grense"]]
        out.write(
            f"Over grensene (p95 > {GRENSE_MS} ms eller > {GRENSE_FORHOLD} × triviell): "
            + (", ".join(f"{r['side']} ({r['bruker']})" for r in slow) or "ingen")
        )
        if show_sql:
            for row in slow:
                out.write(f"\n{row['side']} ({row['bruker']}): {row['sql']} spørringer, tregeste:")
                for query in row["tregeste_sql"]:
                    out.write(f"  {query['ms']:>7.1f} ms  {query['sql'][:300]}")
        pdf = result["pdf"]
        if pdf:
            m = pdf["median_ms"]
            out.write(
                f"Tertialrapport {result['etat']} {pdf['periode']} (median av {pdf['kjoringer']}): "
                f"hele {m['hele_rapporten']:.0f} ms (HTML {m['bygg_html']:.0f} + PDF/A "
                f"{m['html_til_pdf']:.0f}); ren WeasyPrint {m['weasyprint_bar']:.0f} ms "
                f"(med stilark {m['weasyprint_med_stilark']:.0f} ms); forhold "
                f"{pdf['forhold_til_bar']:.2f} (mot stilark {pdf['forhold_til_stilark']:.2f})"
            )
