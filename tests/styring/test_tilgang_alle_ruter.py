"""Every route, page and API, for a user of another agency: BFE's objects answer 404.

The test enumerates the URL resolver. A page route that takes an object must be in
``OBJECT_ROUTES`` (how to find a BFE object for it), or in ``NO_OBJECT`` (it shows only
the user's own scope); a new route in neither fails the suite, so no route goes
unscoped unnoticed. API routes are found from their viewsets: for each model, an object
BFE may see and VEL may not is looked up, and VEL must get 404 on it and never see it in
a list.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from budsjett.demo import lag_demodata as budsjett_demodata
from indikatorer.demo import lag_demodata
from indikatorer.models import Indikator
from indikatorer.models.rapportering import Innsending
from oppdrag.models import Leveranse, Oppdrag, Statusendring
from styring.models import (
    Abonnement,
    Endring,
    Maal,
    Rapportjobb,
    Risikovurdering,
    Seksjon,
    Styringsmote,
    Tildelingsbrev,
    Virksomhet,
)
from styring.reports import arkiv
from tests.conftest import brevene, lag_brukere

NOW = datetime.datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Oslo"))

# Pages that take no object of another organisation: they show the user's own scope.
NO_OBJECT = {
    "styring:forside",
    "styring:login",
    "styring:logout",
    "styring:password_change",
    "styring:password_change_done",
    "styring:helse",
    "styring:tilgjengelighet",
    "styring:virksomhet-liste",
    "styring:avdelingsoversikt",
    "styring:brev-liste",
    "styring:brev-ny",
    "styring:rapporter",
    "oppdrag:oppdrag-oversikt",
    "oppdrag:oppdrag-eksport",
    "indikatorer:indikatorer-oversikt",
    "indikatorer:innsendinger",
    "indikatorer:innsending-oversikt",
    "indikatorer:skjemaer",
    "indikatorer:skjema-ny",
    "budsjett:budsjett",
    "budsjett:budsjett-avvik",
    "budsjett:budsjett-avvik-eksport",
    "api:token",
    "api:schema",
    "api:docs",
    "api:budsjett:budsjettoppfolging",
}


def _kode(o):
    return {"kode": "BFE"}


def _brev(o):
    return {"pk": o["brev"].pk}


def _oppdrag(o):
    return {"pk": o["oppdrag"].pk}


def _innsending(o):
    return {"pk": o["innsending"].pk}


def _mote(o):
    return {"pk": o["mote"].pk}


def _budsjett(o, **extra):
    return {"kode": "BFE", "aar": 2026, **extra}


OBJECT_ROUTES = {
    "styring:virksomhet": _kode,
    "styring:virksomhet-endre": _kode,
    "styring:styringskalender": _kode,
    "styring:styringskalender-ics": _kode,
    "styring:styringsmote-ny": _kode,
    "styring:brev": _brev,
    "styring:brev-endre": _brev,
    "styring:brev-utsted": _brev,
    "styring:brev-supplerende": _brev,
    "styring:brev-neste-aar": _brev,
    "styring:brev-sammenlign": _brev,
    "styring:brev-rod-traad": _brev,
    "styring:brevdel-ny": lambda o: {"pk": o["brev"].pk, "del": "seksjon"},
    "styring:brevdel-endre": lambda o: {"pk": o["seksjon"].pk, "del": "seksjon"},
    "styring:brevdel-slett": lambda o: {"pk": o["seksjon"].pk, "del": "seksjon"},
    "styring:styringsmote": _mote,
    "styring:styringsmote-endre": _mote,
    "styring:styringsmote-referat": _mote,
    "styring:risiko-matrise": lambda o: {"brev_pk": o["brev"].pk, "kode": "BFE"},
    "styring:risiko-ny": lambda o: {"brev_pk": o["brev"].pk, "kode": "BFE"},
    "styring:risiko-endre": lambda o: {"pk": o["risiko"].pk},
    "styring:risiko-historikk": lambda o: {"maal_pk": o["maal"].pk, "kode": "BFE"},
    "styring:rapport-fil": lambda o: {"pk": o["rapport"].pk, "format": "pdf"},
    "styring:rapporter-virksomhet": _kode,
    "styring:rapporter-jobber": _kode,
    "styring:rapporter-forhaandsvisning": lambda o: {
        "kode": "BFE",
        "?": "type=tertial&periode=2026-05-01",
    },
    "oppdrag:oppdrag": _oppdrag,
    "oppdrag:oppdrag-status": _oppdrag,
    "oppdrag:oppdrag-statusrapport": _oppdrag,
    "oppdrag:oppdrag-leveranse": _oppdrag,
    "oppdrag:oppdrag-frist": _oppdrag,
    "oppdrag:oppdrag-leveransefil": lambda o: {"pk": o["leveranse"].pk},
    "indikatorer:indikator": lambda o: {"pk": o["indikator"].pk},
    "indikatorer:innsending": _innsending,
    # A period of BFE's (opened by the demo data, so its address leads to the submission).
    "indikatorer:innsending-ny": lambda o: {
        "skjema": "belegg",
        "virksomhet": "BFE",
        "aar": 2026,
        "maaned": 9,
    },
    "indikatorer:innsending-excel-mal": _innsending,
    "indikatorer:innsending-excel-opplasting": _innsending,
    "indikatorer:skjema": lambda o: {"kode": "belegg"},
    "indikatorer:skjema-endre": lambda o: {"kode": "belegg"},
    "indikatorer:dashboard": lambda o: {"kode": "belegg"},
    "budsjett:budsjett-virksomhet": _budsjett,
    "budsjett:budsjett-eksport": lambda o: _budsjett(o, format="csv"),
    "budsjett:budsjett-oppfolging": _budsjett,
    "budsjett:budsjett-oppfolging-eksport": lambda o: _budsjett(o, format="csv"),
    "budsjett:budsjett-regnskap-import": _budsjett,
    "budsjett:budsjett-regnskap-mal": _budsjett,
    "budsjett:budsjett-regnskap": lambda o: _budsjett(o, periode=1),
    "budsjett:budsjett-prognose": lambda o: _budsjett(o, periode=1),
}


def routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name and "admin" not in prefix:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def users(modul_db):
    """The users of ``lag_brukere``, made once for the module (its objects refer to them)."""
    return lag_brukere()


@pytest.fixture(scope="module")
def objekter(modul_db, users, tmp_path_factory):
    """One object of BFE's for each route, made once for the module."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        time_machine.travel(NOW, tick=False),
    ):
        lag_demodata(idag=NOW.date())
        bfe = Virksomhet.objects.get(kode="BFE")
        letter = brevene()["bfe"]
        maal = Maal.objects.filter(brev=letter).exclude(kode="").first()
        oppdrag = Oppdrag.objects.filter(brev=letter).first()
        risiko = Risikovurdering.objects.create(
            virksomhet=bfe,
            maal=maal,
            aar=2026,
            tertial=2,
            risiko="Risiko",
            sannsynlighet=2,
            konsekvens=2,
            risikotoleranse="lav",
            eier="Direktør",
        )
        found = {
            "brev": letter,
            "seksjon": Seksjon.objects.filter(brev=letter).first(),
            "maal": maal,
            "oppdrag": oppdrag,
            "leveranse": Leveranse.objects.create(
                oppdrag=oppdrag, dato=NOW.date(), lenke="https://example.org/rapport"
            ),
            "mote": Styringsmote.objects.create(
                virksomhet=bfe, brev=letter, type="etatsstyringsmote", dato=NOW.date()
            ),
            "risiko": risiko,
            "indikator": Indikator.objects.get(navn="Hastetilbud fremskaffet innen 2 timer"),
            "innsending": Innsending.objects.filter(virksomhet=bfe).first(),
            "rapport": arkiv.arkiver(
                type_kode="tertial",
                virksomhet=bfe,
                periode_fra=datetime.date(2026, 5, 1),
                periode_til=datetime.date(2026, 8, 31),
            ),
        }
        found["mote"].referat_fil.save("referat.pdf", ContentFile(b"%PDF-1.4 referat"))
        Statusendring.objects.create(
            oppdrag=oppdrag, fra_status="ikke_startet", til_status="paagaar", utfort_av="BFE"
        )
        budsjett_demodata(brukere={})
        arkiv.bestill(
            type_kode="tertial",
            virksomhet=bfe,
            periode_fra=datetime.date(2026, 5, 1),
            periode_til=datetime.date(2026, 8, 31),
        )
        found["leveranse"].fil.save("leveranse.pdf", ContentFile(b"%PDF-1.4 leveranse"))
        assert (
            Tildelingsbrev.objects.for_user(users["vel_rapportor"]).filter(pk=letter.pk).count()
            == 0
        )
        yield found


def test_every_page_route_is_scoped(objekter, users, client_for, oppsummering):
    stranger = client_for(users["vel_rapportor"])
    unknown, checked = [], 0
    with time_machine.travel(NOW, tick=False):
        for name, _pattern in routes():
            if name.startswith("api:") or name in NO_OBJECT:
                continue
            if name not in OBJECT_ROUTES:
                unknown.append(name)
                continue
            kwargs = OBJECT_ROUTES[name](objekter)
            query = kwargs.pop("?", "")
            url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
            got = stranger.get(url).status_code
            posted = stranger.post(url, {}).status_code
            # 405 for a method the route does not take; the other method must say 404.
            assert {got, posted} <= {404, 405}, f"{name} {url}: GET {got}, POST {posted}"
            assert 404 in (got, posted), f"{name} {url}: GET {got}, POST {posted}"
            owner = client_for(users["bfe_godkjenner"]).get(url).status_code
            assert owner != 404, f"{name}: the sample object is not BFE's ({url})"
            stranger = client_for(users["vel_rapportor"])
            checked += 1
    assert not unknown, f"new routes: say how they are scoped in this test: {unknown}"
    assert checked == len(OBJECT_ROUTES)
    oppsummering(f"access, pages: {checked} object routes, VEL got 404 on BFE's objects on all")


def test_every_api_route_is_scoped(objekter, users, api_for, oppsummering):
    stranger, owner = api_for(users["vel_rapportor"]), users["bfe_godkjenner"]
    checked, listed = 0, 0
    with time_machine.travel(NOW, tick=False):
        for name, pattern in routes():
            if not name.startswith("api:") or name in NO_OBJECT:
                continue
            view = getattr(pattern.callback, "cls", None)
            model = view.queryset.model
            hidden = model.objects.for_user(owner).exclude(
                pk__in=model.objects.for_user(users["vel_rapportor"]).values("pk")
            )
            sample = hidden.first()
            assert sample is not None, f"{name}: no object of {model.__name__} only BFE sees"
            lookup = getattr(view, "lookup_field", "pk")
            if name.endswith("-list"):
                response = stranger.get(reverse(name), {"limit": 500})
                assert response.status_code == 200, name
                body = response.json()
                rows = body["results"] if isinstance(body, dict) else body
                key = "kode" if lookup == "kode" else "id"
                seen = {row.get(key) for row in rows}
                leaked = seen & set(hidden.values_list(lookup, flat=True))
                assert not leaked, f"{name} lists {model.__name__} {leaked} to VEL"
                if isinstance(body, dict):
                    assert body.get("next") is None, f"{name}: more than one page was listed"
                listed += len(rows)
            else:
                url = reverse(name, kwargs={lookup: getattr(sample, lookup)})
                assert stranger.get(url).status_code in (404, 405), f"GET {name}"
                assert stranger.post(url, {}, format="json").status_code in (403, 404, 405), (
                    f"POST {name}"
                )
            checked += 1
    assert checked > 40
    oppsummering(
        f"access, API: {checked} routes as VEL; {listed} listed rows, 0 of BFE's; "
        "404 on every BFE object"
    )


# Users who may see all of BFE's objects, by role; the reader may change nothing. (A
# reader in the department sees the department's own objects, the letters it issued
# among them, but not the agency's: neither in scope nor a stranger here.)
IN_SCOPE = ["set_styrer", "bfe_godkjenner", "bfe_rapportor", "bfe_leser"]
READERS = {"bfe_leser"}


def _changes():
    """Counts that any change a page can make moves: the audit trail and the rows that
    are not audited (status changes, deliveries, report jobs, subscriptions)."""
    return (
        Endring.objects.count(),
        Statusendring.objects.count(),
        Leveranse.objects.count(),
        Rapportjobb.objects.count(),
        Abonnement.objects.count(),
    )


def test_every_role_in_scope_sees_each_object_route_and_readers_change_nothing(
    objekter, users, client_for, oppsummering
):
    """For each role that may see BFE's objects: GET answers 200 (or 403 for a page of an
    action beyond the role; 302 or 405 where the route is a form's POST target), never
    404 or 5xx; a
    reader's POST is refused (403, 405, or a form shown again) and changes nothing."""
    matrix = {}
    with time_machine.travel(NOW, tick=False):
        for name in sorted(OBJECT_ROUTES):
            kwargs = OBJECT_ROUTES[name](objekter)
            query = kwargs.pop("?", "")
            url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
            for role in IN_SCOPE:
                client = client_for(users[role])
                got = client.get(url).status_code
                assert got in (200, 302, 403, 405), f"{role} GET {name} {url}: {got}"
                matrix[(name, role)] = got
                if role in READERS:
                    before = _changes()
                    posted = client.post(url, {}).status_code
                    assert posted in (302, 400, 403, 405), f"{role} POST {name} {url}: {posted}"
                    assert _changes() == before, f"{role} POST {name} {url} changed data"
    seen = sum(1 for status in matrix.values() if status == 200)
    refused = sum(1 for status in matrix.values() if status == 403)
    assert seen > len(OBJECT_ROUTES)
    assert refused > 0
    oppsummering(
        f"access, roles: {len(OBJECT_ROUTES)} object routes × {len(IN_SCOPE)} roles in "
        f"scope: {seen} × 200, {refused} × 403, no 404 or 5xx; readers' POSTs all refused"
    )
