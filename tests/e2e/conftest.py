"""End-to-end tests: people's journeys in a real headless Chromium against a live server.

The browser is Debian's Chromium (``chromium`` on PATH, or the path in ``CHROMIUM_PATH``),
driven by Playwright's sync API with ``executable_path``: ``playwright install`` is never
needed. Without a browser every test here skips, and the run ends with a loud line
saying so; with ``REQUIRE_SERVICES`` set (``.ci/run``) they fail instead.

One browser serves the whole package; each person in a test gets a browser context of
their own (their own cookies). Every step's screenshot is saved as
``test-artifacts/e2e/<test>/<nn>-<person>-<step>.png``. Every page a person opens is
watched: a server error (5xx), a script error, a resource that fails to load or anything
the Content-Security-Policy refuses fails the test.

Accessibility is checked with axe-core (``node_modules/axe-core``, a declared npm
dependency) and the WCAG 2.0/2.1 A and AA rules, inside the page as the person sees it.
"""

import datetime
import io
import itertools
import os
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from tests.conftest import PASSWORD, _services_required

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The machine's network is closed: without these flags Chromium waits on connections to
# Google's services (updates, sync, QUIC probes) and hangs.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The day the journeys happen: September's monthly reports are open (deadline 15
# October), August's are submitted and the second tertial has ended.
NOW = datetime.datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Oslo"))
# The demo data's months (lag_demodata makes 24; four are enough here and keep it fast).
DEMO_MONTHS = 4
NO_BROWSER = "fant ingen Chromium"
# Punkt's CSS names its CDN for the select arrow (and three icons the app does not use);
# etatsstyring.css replaces the arrow with the copy in punkt-assets. Chromium asks for the
# CDN file only if it computes a style before etatsstyring.css has arrived, which
# Playwright's own early layout queries can make it do now and then, and the CSP refuses
# it. Those refusals are not counted; test_tilgjengelighet checks that the arrow a person
# sees is the local one.
PUNKT_CDN = "https://punkt-cdn.oslo.kommune.no/"


def find_chromium():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if path and Path(path).is_file() and os.access(path, os.X_OK):
        return path
    return None


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if NO_BROWSER in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep(
            "!",
            f"E2E-TESTENE BLE HOPPET OVER: {NO_BROWSER} ({len(skipped)} tester ble ikke "
            "kjørt). Installer pakken chromium (apt-get install chromium) eller sett "
            "CHROMIUM_PATH.",
            red=True,
            bold=True,
        )


@pytest.fixture(scope="package")
def chromium():
    """One headless Chromium for all the end-to-end tests."""
    path = find_chromium()
    if path is None:
        problem = f"{NO_BROWSER} (verken CHROMIUM_PATH eller chromium på PATH)"
        if _services_required():
            pytest.fail(f"REQUIRE_SERVICES er satt, men {problem}", pytrace=False)
        pytest.skip(f"E2E-TESTENE BLE HOPPET OVER: {problem}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread while it is
    # started; Django would then refuse the tests' own database calls as "async".
    # Nothing here is async: the calls are made between Playwright's, never inside them.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=path, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(autouse=True)
def _frozen_time():
    """The clock stands at NOW (and ticks on) for the test and the live server alike."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(brev, users, media, monkeypatch):
    """The letters, the users of tests/conftest.py and `manage.py lag_demodata`'s data
    (demo users, meetings, risks, assignment follow-up, budget and monthly reports)."""
    from indikatorer import demo as indikatorer_demo

    monkeypatch.setattr(indikatorer_demo, "MONTHS", DEMO_MONTHS)
    call_command("lag_demodata", "--tillat-uten-debug", stdout=io.StringIO())
    return brev


@pytest.fixture
def reports_run_here(monkeypatch):
    """With a broker configured (CI) an ordered report would wait for a worker; here the
    task runs in the live server's request, as it does on a machine without a broker."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def _slug(text):
    """A file name: lower case ASCII, words joined by hyphens."""
    text = text.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Person:
    """One person in one browser context: opens pages, takes screenshots, checks them."""

    def __init__(self, name, context, folder, counter):
        self.name = name
        self.context = context
        self.folder = folder
        self.counter = counter
        self.problems = []
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("response", self._response)

    def _console(self, message):
        # Resources that fail to load and anything the CSP refuses are logged as errors.
        if message.type == "error" and PUNKT_CDN not in message.text:
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _response(self, response):
        if response.status >= 500:
            self.problems.append(f"{response.status} from {response.url}")

    def goto(self, path):
        """Open ``path`` (relative to the live server); it must answer 2xx."""
        response = self.page.goto(path)
        assert response is not None, path
        assert response.ok, f"{path}: {response.status}"
        return self.page

    def step(self, name):
        """Save a screenshot of this step; returns its path."""
        path = self.folder / f"{next(self.counter):02d}-{_slug(self.name)}-{_slug(name)[:60]}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def log_in(self, user, password=PASSWORD):
        """Log in through the login form, as a person does."""
        page = self.goto("/logg-inn/")
        page.get_by_label("Brukernavn").fill(user.username)
        page.get_by_label("Passord").fill(password)
        self.step("innlogging")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(lambda url: "/logg-inn/" not in url)
        # The header names the user, their organisation and role.
        assert user.username in page.locator("header").inner_text()
        return page

    def axe(self):
        """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
        return axe_violations(self.page)

    def close(self):
        self.context.close()


def axe_violations(page):
    # page.add_script_tag(path=...) would add an inline <script>, which the app's CSP
    # (script-src 'self') refuses. Rather than switch the policy off (bypass_csp=True),
    # axe's source is evaluated through the DevTools protocol, which the CSP does not
    # govern: the page is checked exactly as served, policy and all.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(
            (result) => result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(' ')),
            })))""",
        WCAG,
    )


def describe_violations(findings):
    """[(page, violations)] as lines: rule id, impact, what it asks and the nodes."""
    lines = []
    for page, violations in findings:
        for v in violations:
            nodes = ", ".join(v["nodes"][:6]) + (" …" if len(v["nodes"]) > 6 else "")
            lines.append(f"{page}: {v['id']} ({v['impact']}) – {v['help']} – {nodes}")
    return "\n".join(lines)


@pytest.fixture
def person(chromium, live_server, request):
    """Open a browser for a person: ``person("bfe-rapportor")``. One screenshot folder
    per test; after the test, no page may have had a server, script or CSP error."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "-", request.node.name, flags=re.ASCII)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    counter = itertools.count(1)
    people = []

    def open_browser(name):
        context = chromium.new_context(
            base_url=live_server.url,
            locale="nb-NO",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(20_000)
        people.append(Person(name, context, folder, counter))
        return people[-1]

    yield open_browser
    for p in people:
        p.close()
    problems = [f"{p.name}: {problem}" for p in people for problem in p.problems]
    assert not problems, "Problems in the browser:\n" + "\n".join(problems)
