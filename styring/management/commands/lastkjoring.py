"""Load run: concurrent users against a running server for a fixed time.

A small driver without dependencies (threads and ``http.client``): each virtual user logs
in through ``/logg-inn/`` with CSRF like a browser, then loops until the time is up:

- department officers open dashboards and lists (``/oversikt/``, ``/``, ``/oppdrag/`` ...)
  and call the API;
- agency staff open their pages and call the API;
- district reporters do form entry: open their latest open bistandsplikt submission, change
  a number and save it (``handling=lagre`` with the form's ``versjon`` and every
  ``v__<field>__<row>`` value), then see the page the save redirects to.

It reports throughput, p50/p95/p99 per kind of request and every error (a status of 400 or
more, a failed connection, a save that did not redirect). The users come from the synthetic
dataset (``lag_stort_datasett``), read from the same database as the server's.

Run against gunicorn on PostgreSQL (see the README's performance section)::

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/etatsstyring_bench
    export DEBUG=false SECRET_KEY=<50 random characters> ALLOWED_HOSTS=127.0.0.1
    .venv/bin/python manage.py collectstatic --noinput
    .venv/bin/gunicorn config.wsgi -w 3 -b 127.0.0.1:8001 &
    .venv/bin/python manage.py lastkjoring --url http://127.0.0.1:8001 --varighet 60

Requests carry ``X-Forwarded-Proto: https``, as behind the TLS proxy production runs
behind, so ``DEBUG=false`` does not redirect them to https.
"""

import http.client
import json
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from styring import synthetic
from styring.access import Rolle
from styring.management.commands.benchmark import persentil
from styring.models import Bruker, Virksomhet

AVDELING_SIDER = [
    "/oversikt/",
    "/",
    "/oppdrag/",
    "/indikatorer/",
    "/rapportering/oversikt/",
    "/brev/",
    "/rapportering/",
]
ETAT_SIDER = ["/", "/oppdrag/", "/rapportering/", "/indikatorer/", "/brev/"]
API = ["/api/oppdrag/", "/api/innsendinger/", "/api/indikatorer/", "/api/brev/"]
TIMEOUT = 60


class Avbrutt(Exception):
    """A virtual user cannot go on (its login failed)."""


@dataclass
class Maaling:
    kategori: str  # "side", "skjema" or "api"
    url: str
    status: int
    ms: float
    feil: str = ""


@dataclass
class Sesjon:
    """One virtual user's cookies and connection."""

    base: str
    cookies: dict = field(default_factory=dict)
    maalinger: list = field(default_factory=list)

    def __post_init__(self):
        parts = urlsplit(self.base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.origin = f"https://{parts.netloc}"
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        return self.conn

    def request(self, method, path, *, body=None, referer=None, kategori=None):
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "etatsstyring-lastkjoring",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.origin + (referer or path)
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        begin = time.perf_counter()
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            elapsed = (time.perf_counter() - begin) * 1000
            if kategori:
                self.maalinger.append(Maaling(kategori, path, 0, elapsed, type(error).__name__))
            return 0, {}, b""
        elapsed = (time.perf_counter() - begin) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            self.conn = None
        if kategori:
            error = ""
            if response.status >= 400:
                error = f"HTTP {response.status}"
            self.maalinger.append(Maaling(kategori, path, response.status, elapsed, error))
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, content

    def get(self, path, kategori=None):
        return self.request("GET", path, kategori=kategori)

    def logg_inn(self, username, password):
        status, _headers, content = self.get("/logg-inn/")
        token = _csrf(content)
        if status != 200 or not token:
            raise Avbrutt(f"fikk ikke innloggingssiden ({status})")
        body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        status, headers, _content = self.request("POST", "/logg-inn/", body=body)
        if status != 302 or "sessionid" not in self.cookies:
            raise Avbrutt(f"innloggingen for {username} ble avvist ({status})")


def _csrf(content):
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    return match.group(1).decode() if match else None


class _Skjema(HTMLParser):
    """The values of the form that saves the numbers (the one with ``versjon``)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "felt": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag == "input" and attrs.get("name"):
            if (attrs.get("type") or "text") not in ("submit", "file"):
                self.current["felt"][attrs["name"]] = attrs.get("value") or ""
        elif self.current is not None and tag == "textarea" and attrs.get("name"):
            self.textarea = attrs["name"]
            self.current["felt"][self.textarea] = ""

    def handle_data(self, data):
        if self.current is not None and self.textarea:
            self.current["felt"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None

    def lagreskjema(self):
        for form in self.forms:
            if "versjon" in form["felt"] and any(n.startswith("v__") for n in form["felt"]):
                return form
        return None


def _endre(fields, rng):
    """Change one number the rules allow to change: one more request (breaches stay within
    the requests), or else the children at the end of the month."""
    names = sorted(n for n in fields if n.startswith("v__foresporsler__"))
    names = names or sorted(n for n in fields if n.startswith("v__barn_ved_slutt__"))
    if not names:
        return fields
    name = rng.choice(names)
    value = fields[name].strip()
    number = int(value) if value.isdigit() else 0
    if name.startswith("v__barn_ved_slutt__"):
        number = max(0, number + rng.choice((-1, 1)))
    else:
        number += 1
    return {**fields, name: str(number)}


def _innsendinger(content):
    return list(dict.fromkeys(re.findall(rb'href="(/rapportering/\d+/)"', content)))


class Lastkjoring:
    def __init__(self, *, base, varighet, tenketid, seed):
        self.base, self.varighet, self.tenketid = base, varighet, tenketid
        self.seed = seed
        self.stopp = threading.Event()
        self.sesjoner, self.merknader = [], []
        self.lock = threading.Lock()

    def pause(self, rng):
        if self.tenketid:
            self.stopp.wait(rng.uniform(0.5, 1.5) * self.tenketid)

    # The three kinds of virtual user

    def avdeling(self, sesjon, rng):
        while not self.stopp.is_set():
            sesjon.get(rng.choice(AVDELING_SIDER), "side")
            self.pause(rng)
            sesjon.get(rng.choice(API), "api")
            self.pause(rng)

    def etat(self, sesjon, rng):
        while not self.stopp.is_set():
            sesjon.get(rng.choice(ETAT_SIDER), "side")
            self.pause(rng)
            sesjon.get(rng.choice(API), "api")
            self.pause(rng)

    def rapportor(self, sesjon, rng, innsending):
        round_ = 0
        while not self.stopp.is_set():
            status, _headers, content = sesjon.get(innsending, "skjema")
            form = _Skjema()
            form.feed(content.decode("utf-8", "replace"))
            found = form.lagreskjema() if status == 200 else None
            if found is None:
                if status == 200:
                    sesjon.maalinger.append(
                        Maaling("skjema", innsending, status, 0, "skjemaet kan ikke endres")
                    )
                self.pause(rng)
                continue
            fields = _endre(found["felt"], rng)
            body = urlencode({**fields, "handling": "lagre"})
            status, _headers, _content = sesjon.request(
                "POST",
                found["action"] or innsending,
                body=body,
                referer=innsending,
                kategori="skjema",
            )
            if status not in (0, 302) and not sesjon.maalinger[-1].feil:
                # A form error or a version conflict is answered 200 with the form again.
                sesjon.maalinger[-1].feil = f"lagringen svarte {status}, ikke 302"
            self.pause(rng)
            round_ += 1
            if round_ % 3 == 0:
                sesjon.get("/", "side")
                self.pause(rng)

    # Running

    def start(self, plan, log):
        """Run ``plan`` ([(kind, username, logged-in session, submission)]) until the time
        is up; returns the seconds it ran."""
        threads = []
        for number, (kind, username, sesjon, innsending) in enumerate(plan):
            rng = random.Random(f"{self.seed}:{number}")
            if kind == "rapportor" and innsending is None:
                self.merknader.append(f"{username}: fant ingen innsending å fylle ut")
                kind = "etat"
            target = {
                "avdeling": lambda s=sesjon, r=rng: self.avdeling(s, r),
                "etat": lambda s=sesjon, r=rng: self.etat(s, r),
                "rapportor": lambda s=sesjon, r=rng, i=innsending: self.rapportor(s, r, i),
            }[kind]
            self.sesjoner.append((kind, username, sesjon))
            threads.append(threading.Thread(target=target, daemon=True))
        log(f"{len(threads)} virtuelle brukere er logget inn; kjører i {self.varighet} s …")
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        self.stopp.wait(self.varighet)
        self.stopp.set()
        for thread in threads:
            thread.join(TIMEOUT)
        return time.perf_counter() - began

    @staticmethod
    def finn_innsending(sesjon):
        """The newest submission on the reporter's list whose numbers can be saved."""
        status, _headers, content = sesjon.get("/rapportering/?skjema=bistandsplikt")
        for link in _innsendinger(content)[:3] if status == 200 else []:
            url = link.decode()
            status, _headers, page = sesjon.get(url)
            form = _Skjema()
            form.feed(page.decode("utf-8", "replace"))
            if status == 200 and form.lagreskjema() is not None:
                return url
        return None


def _aapne(sesjon, innsending, log):
    """The department reopens a closed period (a logged exception), through the page."""
    status, _headers, content = sesjon.get(innsending)
    token = _csrf(content)
    if status != 200 or b'value="aapne"' not in content or not token:
        return False
    body = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "handling": "aapne",
            "grunn": "Lastkjøring (syntetiske data): perioden åpnes for skjemautfylling.",
            "gyldig_til": (timezone.localdate() + timedelta(days=7)).isoformat(),
        }
    )
    status, _headers, _content = sesjon.request("POST", innsending, body=body, referer=innsending)
    if status == 302:
        log(f"Åpnet {innsending} for skjemautfylling (unntak i endringsloggen).")
    return status == 302


class Command(BaseCommand):
    help = (
        "Lastkjøring mot en kjørende server (for eksempel gunicorn på PostgreSQL): samtidige "
        "brukere blander dashbord og lister, skjemautfylling og API i en fast tid, og "
        "rapporterer gjennomstrømning, p95 og feil. Brukerne hentes fra det syntetiske "
        "datasettet (lag_stort_datasett) i samme database som serverens."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8001", help="Serverens adresse.")
        parser.add_argument("--varighet", type=float, default=60, help="Sekunder (standard 60).")
        parser.add_argument(
            "--brukere", type=int, default=12, help="Samtidige virtuelle brukere (standard 12)."
        )
        parser.add_argument(
            "--tenketid",
            type=float,
            default=0.0,
            help="Snittpause mellom forespørsler per bruker i sekunder (0: ingen pause).",
        )
        parser.add_argument("--passord", default=synthetic.PASSORD, help="Brukernes passord.")
        parser.add_argument("--json", help="Skriv resultatet som JSON hit.")
        parser.add_argument(
            "--ikke-aapne",
            action="store_true",
            help="Ikke la byrådsavdelingen åpne en stengt periode for skjemautfyllingen.",
        )

    def handle(self, *args, **options):
        count = options["brukere"]
        if count < 3:
            raise CommandError("--brukere må være minst 3 (én av hver sort).")
        base = options["url"].rstrip("/")
        users = self.brukere(count)
        run = Lastkjoring(
            base=base,
            varighet=options["varighet"],
            tenketid=options["tenketid"],
            seed=synthetic.SEED,
        )
        log = self.stdout.write
        try:
            plan = self.plan(users, base, options, log)
            seconds = run.start(plan, log)
        except Avbrutt as error:
            raise CommandError(f"Lastkjøringen stoppet: {error}") from error
        result = self.resultat(run, seconds, options)
        self.skriv(result, run.merknader)
        if options["json"]:
            target = Path(options["json"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
            log(f"JSON skrevet til {target}")
        if result["feil"]:
            raise CommandError(f"{result['feil']} forespørsler feilet.")

    def brukere(self, count):
        """A third department officers, a third agency staff, a third district reporters."""
        synthetic = Bruker.objects.filter(username__startswith="syn-", is_active=True)
        officers = list(
            synthetic.filter(
                rolle=Rolle.STYRER, virksomhet__type=Virksomhet.Type.BYRAADSAVDELING
            ).order_by("username")
        )
        agency = list(
            synthetic.filter(virksomhet__type=Virksomhet.Type.ETAT)
            .filter(Q(rolle=Rolle.RAPPORTOR) | Q(rolle=Rolle.GODKJENNER) | Q(rolle=Rolle.LESER))
            .order_by("username")
        )
        reporters, seen = [], set()
        for user in synthetic.filter(
            rolle=Rolle.RAPPORTOR, virksomhet__type=Virksomhet.Type.BYDEL
        ).order_by("username"):
            if user.virksomhet_id not in seen:  # one per district: no two save the same form
                seen.add(user.virksomhet_id)
                reporters.append(user)
        if not (officers and agency and reporters):
            raise CommandError(
                "Fant ikke syntetiske brukere av alle slag. Kjør lag_stort_datasett i databasen "
                "serveren bruker, med samme DATABASE_URL."
            )
        third = count // 3
        n_reporters = min(third, len(reporters))
        n_officers = third + (count - 3 * third)
        n_agency = count - n_officers - n_reporters
        return (
            [("avdeling", officers[i % len(officers)]) for i in range(n_officers)]
            + [("etat", agency[i % len(agency)]) for i in range(n_agency)]
            + [("rapportor", reporters[i]) for i in range(n_reporters)]
        )

    def plan(self, users, base, options, log):
        """Log every virtual user in and find each reporter's submission; a closed period
        is reopened by the department (a logged exception), unless told not to."""
        plan, officer = [], None
        for kind, user in users:
            sesjon = Sesjon(base)
            sesjon.logg_inn(user.username, options["passord"])
            innsending = None
            if kind == "rapportor":
                innsending = Lastkjoring.finn_innsending(sesjon)
                if innsending is None and not options["ikke_aapne"]:
                    status, _h, content = sesjon.get("/rapportering/?skjema=bistandsplikt")
                    links = _innsendinger(content) if status == 200 else []
                    if links:
                        if officer is None:
                            officer = self.avdelingssesjon(base, options["passord"], user)
                        if officer and _aapne(officer, links[0].decode(), log):
                            innsending = links[0].decode()
            plan.append((kind, user.username, sesjon, innsending))
        return plan

    def avdelingssesjon(self, base, password, reporter):
        """A session of an officer of the department that owns the district's obligation."""
        for user in Bruker.objects.filter(
            username__startswith="syn-", rolle=Rolle.STYRER, is_active=True
        ).order_by("username"):
            sesjon = Sesjon(base)
            sesjon.logg_inn(user.username, password)
            status, _h, content = sesjon.get("/rapportering/oversikt/")
            if status == 200 and reporter.virksomhet.navn.encode() in content:
                return sesjon
        return None

    def resultat(self, run, seconds, options):
        everything = [m for _kind, _user, s in run.sesjoner for m in s.maalinger]
        timed = [m for m in everything if m.ms > 0]
        errors = [m for m in everything if m.feil]
        by_kind = {}
        for kategori in ("side", "skjema", "api"):
            times = [m.ms for m in timed if m.kategori == kategori]
            by_kind[kategori] = {
                "antall": len(times),
                "p50_ms": round(persentil(times, 50), 1) if times else None,
                "p95_ms": round(persentil(times, 95), 1) if times else None,
                "p99_ms": round(persentil(times, 99), 1) if times else None,
            }
        by_url = {}
        for m in timed:
            by_url.setdefault(m.url.split("?")[0], []).append(m.ms)
        slowest = sorted(
            (
                {
                    "side": url,
                    "antall": len(times),
                    "p95_ms": round(persentil(times, 95), 1),
                    "median_ms": round(statistics.median(times), 1),
                }
                for url, times in by_url.items()
            ),
            key=lambda row: -row["p95_ms"],
        )
        all_times = [m.ms for m in timed]
        return {
            "tidspunkt": timezone.now().isoformat(timespec="seconds"),
            "url": options["url"],
            "database": str(settings.DATABASES["default"].get("NAME")),
            "varighet_s": round(seconds, 1),
            "virtuelle_brukere": {
                kind: sum(1 for k, _u, _s in run.sesjoner if k == kind)
                for kind in ("avdeling", "etat", "rapportor")
            },
            "tenketid_s": options["tenketid"],
            "foresporsler": len(timed),
            "per_sekund": round(len(timed) / seconds, 1) if seconds else None,
            "lagringer": sum(
                1 for m in timed if m.kategori == "skjema" and m.status == 302 and not m.feil
            ),
            "p50_ms": round(persentil(all_times, 50), 1) if all_times else None,
            "p95_ms": round(persentil(all_times, 95), 1) if all_times else None,
            "p99_ms": round(persentil(all_times, 99), 1) if all_times else None,
            "per_kategori": by_kind,
            "tregeste": slowest[:10],
            "feil": len(errors),
            "feileksempler": [
                {"url": m.url, "status": m.status, "feil": m.feil} for m in errors[:20]
            ],
        }

    def skriv(self, result, notes):
        out = self.stdout
        for note in notes:
            out.write(note)
        users = result["virtuelle_brukere"]
        out.write(
            f"{result['foresporsler']} forespørsler på {result['varighet_s']} s = "
            f"{result['per_sekund']} per sekund; {users['avdeling']} avdeling, {users['etat']} "
            f"etat, {users['rapportor']} rapportører; tenketid {result['tenketid_s']} s"
        )
        out.write(
            f"Alle: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
            f"p99 {result['p99_ms']} ms; {result['lagringer']} lagrede skjema"
        )
        for kind, row in result["per_kategori"].items():
            out.write(
                f"  {kind:<7} {row['antall']:>6} stk  p50 {row['p50_ms']} ms  "
                f"p95 {row['p95_ms']} ms  p99 {row['p99_ms']} ms"
            )
        out.write("Tregeste adresser (p95):")
        for row in result["tregeste"]:
            out.write(
                f"  {row['side']:<40} {row['antall']:>5} stk  median {row['median_ms']} ms  "
                f"p95 {row['p95_ms']} ms"
            )
        style = self.style.ERROR if result["feil"] else self.style.SUCCESS
        out.write(style(f"Feil: {result['feil']}"))
        for example in result["feileksempler"]:
            out.write(f"  {example['url']} {example['status']} {example['feil']}")
