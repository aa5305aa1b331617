"""The department steers, the agency reports: a department user, whatever their role,
never writes an agency's numbers, status reports, deliveries, accounts or risks.

SET users with the reporter and the approver role (a department may have both) try every
write of BFE's (and of a district's) data, through the pages and through the API. Each is
refused (403, or 404 where the object is outside what they see; 400 where a new object
would name an organisation they do not see) and nothing changes. BFE's own reporter still
writes, and SET's department officer still approves, returns and sets deadlines.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budsjett.models import Budsjettrapport, Konto, Regnskap
from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Verdi
from oppdrag.frist import Type as FristType
from oppdrag.models import Leveranse, Oppdrag, Status, Statusendring, Statusrapport
from styring.access import Rolle
from styring.models import Endring, Maal, Risikovurdering, Virksomhet
from tests.factories import BrukerFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 20, 12, tzinfo=ZoneInfo("Europe/Oslo"))
DEPARTMENT_ROLES = [Rolle.RAPPORTOR, Rolle.GODKJENNER]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bfe(brev):
    """BFE's February occupancy submission, a district's February bistandsplikt
    submission, an assignment SET gave BFE alone, and BFE's January accounts."""
    bfe = Virksomhet.objects.get(kode="BFE")

    def february(kode, virksomhet):
        skjema = Skjema.objects.get(kode=kode)
        fra, til = skjema.periode(datetime.date(2026, 2, 1))
        return Innsending.objects.create(
            skjema=skjema,
            virksomhet=virksomhet,
            periode_fra=fra,
            periode_til=til,
            frist=skjema.frist_for(til),
        )

    oppdrag = next(
        o
        for o in Oppdrag.objects.filter(
            brev=brev["bfe"], ansvarlige=bfe, status=Status.IKKE_STARTET
        ).prefetch_related("ansvarlige")
        # BFE's alone, and one-off: a delivery makes it delivered.
        if {a.kode for a in o.ansvarlige.all()} == {"BFE"} and o.frist.type != FristType.GJENTAKENDE
    )
    return {
        "belegg": february("belegg", bfe),
        "bydel": february("bistandsplikt", Virksomhet.objects.get(kode="gamle-oslo")),
        "oppdrag": oppdrag,
        "regnskap": Budsjettrapport.objects.create(
            virksomhet=bfe, aar=2026, type=Budsjettrapport.Type.REGNSKAP, periode=1
        ),
        "brev": brev["bfe"],
        "maal": Maal.objects.filter(brev=brev["bfe"]).exclude(kode="").first(),
        "konto": Konto.objects.filter(kapittel__nummer="360").first(),
    }


def belegg_values():
    """BFE's February occupancy, complete: [(field, row, value)]."""
    values = []
    for institution in Institusjon.objects.all():
        bed_days = "400" if institution.type == Institusjon.Type.AKUTT else "140"
        values += [("liggedogn", str(institution.pk), bed_days)]
        values += [("barn_ved_slutt", str(institution.pk), "5")]
    return values


def bistandsplikt_values():
    """A district's February bistandsplikt numbers: [(field, row, value)]."""
    return [("foresporsler", "gamle-oslo|akutt", "3"), ("brudd", "gamle-oslo|akutt", "0")]


VALUES = {"belegg": belegg_values, "bydel": bistandsplikt_values}


def page_data(innsending, values, handling="lagre"):
    data = {"handling": handling, "versjon": str(innsending.versjon)}
    data.update({f"v__{felt}__{rad}": value for felt, rad, value in values})
    return data


def api_data(innsending, values):
    return {
        "versjon": innsending.versjon,
        "verdier": [{"felt": felt, "rad": rad, "verdi": value} for felt, rad, value in values],
    }


def state(objects):
    """Everything a refused write could have changed."""
    innsendinger = Innsending.objects.filter(pk__in=[objects["belegg"].pk, objects["bydel"].pk])
    oppdrag = Oppdrag.objects.get(pk=objects["oppdrag"].pk)
    return {
        "verdier": Verdi.objects.count(),
        "innsendinger": sorted(innsendinger.values_list("pk", "status", "versjon")),
        "oppdrag": (oppdrag.status, oppdrag.frist_tekst),
        "statusendringer": Statusendring.objects.count(),
        "statusrapporter": Statusrapport.objects.count(),
        "leveranser": Leveranse.objects.count(),
        "regnskap": Regnskap.objects.count(),
        "budsjettrapporter": sorted(Budsjettrapport.objects.values_list("pk", "status", "versjon")),
        "risiko": Risikovurdering.objects.count(),
        "endringer": Endring.objects.count(),
    }


RISK = {
    "tertial": "1",
    "risiko": "Mangel på akuttplasser",
    "sannsynlighet": "3",
    "konsekvens": "4",
    "risikotoleranse": "lav",
    "tiltak": "Kjøpe plasser",
    "eier": "Direktør",
}


@pytest.mark.parametrize("rolle", DEPARTMENT_ROLES)
def test_a_department_user_writes_none_of_the_agencys_data_on_the_pages(
    bfe, make_user, client_for, rolle
):
    client = client_for(make_user("SET", rolle))
    before = state(bfe)
    refused = {}

    def post(label, url, data, expected):
        refused[label] = (client.post(url, data).status_code, expected)

    for kode in ("belegg", "bydel"):
        innsending = bfe[kode]
        url = reverse("indikatorer:innsending", args=[innsending.pk])
        values = VALUES[kode]()
        # SET owns the obligation, so its users see the submission: 403.
        post(f"{kode}: save", url, page_data(innsending, values), 403)
        post(f"{kode}: submit", url, page_data(innsending, values, "lever"), 403)
        post(
            f"{kode}: Excel",
            reverse("indikatorer:innsending-excel-opplasting", args=[innsending.pk]),
            {"fil": SimpleUploadedFile("tall.xlsx", b"PK\x03\x04")},
            403,
        )

    oppdrag = bfe["oppdrag"]
    # SET issued the assignment, so its users see it: 403.
    post(
        "status report",
        reverse("oppdrag:oppdrag-statusrapport", args=[oppdrag.pk]),
        {"aar": "2026", "tertial": "1", "tekst": "Godt i gang."},
        403,
    )
    post(
        "delivery",
        reverse("oppdrag:oppdrag-leveranse", args=[oppdrag.pk]),
        {"dato": "2026-03-19", "lenke": "https://example.org/rapport"},
        403,
    )
    post(
        "status",
        reverse("oppdrag:oppdrag-status", args=[oppdrag.pk]),
        {"til": Status.PAAGAAR, "kommentar": "", "forventet_status": oppdrag.status},
        403,
    )
    post(
        "deadline",
        reverse("oppdrag:oppdrag-frist", args=[oppdrag.pk]),
        {"frist_tekst": "31.12.2026", "dato": "2026-12-31"},
        403,
    )

    # BFE's budget and its risks are BFE's alone: outside what they see, 404.
    konto = bfe["konto"]
    post(
        "accounts",
        reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1]),
        {"handling": "lagre", "versjon": "0", f"b__{konto.pk}": "63000"},
        404,
    )
    post(
        "accounts import",
        reverse("budsjett:budsjett-regnskap-import", args=["BFE", 2026]),
        {
            "fil": SimpleUploadedFile(
                "regnskap.csv", f"maaned;konto;belop\n1;{konto.kode};1\n".encode()
            )
        },
        404,
    )
    post(
        "risk",
        reverse("styring:risiko-ny", args=[bfe["brev"].pk, "BFE"]),
        {**RISK, "maal": str(bfe["maal"].pk)},
        404,
    )

    wrong = {label: got for label, (got, expected) in refused.items() if got != expected}
    assert not wrong, wrong
    assert state(bfe) == before


@pytest.mark.parametrize("rolle", DEPARTMENT_ROLES)
def test_a_department_user_writes_none_of_the_agencys_data_through_the_api(
    bfe, make_user, api_for, rolle
):
    api = api_for(make_user("SET", rolle))
    before = state(bfe)
    refused = {}

    def post(label, url, data, expected):
        response = api.post(url, data, format="json")
        refused[label] = (response.status_code, expected)
        return response

    for kode in ("belegg", "bydel"):
        innsending = bfe[kode]
        data = api_data(innsending, VALUES[kode]())
        post(f"{kode}: save", f"/api/innsendinger/{innsending.pk}/verdier/", data, 403)
        post(f"{kode}: submit", f"/api/innsendinger/{innsending.pk}/lever/", {}, 403)

    oppdrag = bfe["oppdrag"]
    post(
        "status report",
        reverse("api:oppdrag:oppdrag-statusrapporter", args=[oppdrag.pk]),
        {"aar": 2026, "tertial": 1, "tekst": "Godt i gang."},
        403,
    )
    post(
        "delivery",
        reverse("api:oppdrag:oppdrag-leveranser", args=[oppdrag.pk]),
        {"dato": "2026-03-19", "lenke": "https://example.org/rapport"},
        403,
    )
    post(
        "status",
        reverse("api:oppdrag:oppdrag-status", args=[oppdrag.pk]),
        {"til": Status.PAAGAAR, "kommentar": ""},
        403,
    )
    post(
        "deadline",
        reverse("api:oppdrag:oppdrag-frist", args=[oppdrag.pk]),
        {"tekst": "31.12.2026"},
        403,
    )

    konto = bfe["konto"]
    post(
        "accounts: open",
        reverse("api:budsjett:budsjettrapport-list"),
        {"virksomhet": "BFE", "aar": 2026, "type": "regnskap", "periode": 2},
        404,
    )
    post(
        "accounts: save",
        reverse("api:budsjett:budsjettrapport-verdier", args=[bfe["regnskap"].pk]),
        {"versjon": 0, "verdier": [{"konto": konto.pk, "belop": 63000}]},
        404,
    )
    post(
        "accounts: submit",
        reverse("api:budsjett:budsjettrapport-lever", args=[bfe["regnskap"].pk]),
        {},
        404,
    )
    # A new assessment names its organisation; one the user does not see is a field error.
    risk = post(
        "risk",
        reverse("api:styring:risikovurdering-list"),
        {**RISK, "virksomhet": "BFE", "maal": bfe["maal"].pk, "tertial": 1},
        400,
    )
    assert "virksomhet" in risk.json()

    wrong = {label: got for label, (got, expected) in refused.items() if got != expected}
    assert not wrong, wrong
    assert state(bfe) == before


def test_the_department_officer_writes_no_numbers_either(bfe, users, client_for, api_for):
    """SET's officer sees all of BFE's data and steers it, but reports none of it: 403."""
    officer = users["set_styrer"]
    client, api = client_for(officer), api_for(officer)
    before = state(bfe)
    innsending = bfe["belegg"]
    konto = bfe["konto"]
    answers = [
        client.post(
            reverse("indikatorer:innsending", args=[innsending.pk]),
            page_data(innsending, belegg_values()),
        ),
        api.post(
            f"/api/innsendinger/{innsending.pk}/verdier/",
            api_data(innsending, belegg_values()),
            format="json",
        ),
        client.post(
            reverse("oppdrag:oppdrag-statusrapport", args=[bfe["oppdrag"].pk]),
            {"aar": "2026", "tertial": "1", "tekst": "Skrevet av avdelingen."},
        ),
        api.post(
            reverse("api:oppdrag:oppdrag-leveranser", args=[bfe["oppdrag"].pk]),
            {"dato": "2026-03-19", "lenke": "https://example.org/rapport"},
            format="json",
        ),
        client.post(
            reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1]),
            {"handling": "lagre", "versjon": "0", f"b__{konto.pk}": "63000"},
        ),
        api.post(
            reverse("api:budsjett:budsjettrapport-verdier", args=[bfe["regnskap"].pk]),
            {"versjon": 0, "verdier": [{"konto": konto.pk, "belop": 63000}]},
            format="json",
        ),
        client.post(
            reverse("styring:risiko-ny", args=[bfe["brev"].pk, "BFE"]),
            {**RISK, "maal": str(bfe["maal"].pk)},
        ),
        api.post(
            reverse("api:styring:risikovurdering-list"),
            {**RISK, "virksomhet": "BFE", "maal": bfe["maal"].pk, "tertial": 1},
            format="json",
        ),
    ]
    assert [response.status_code for response in answers] == [403] * len(answers)
    assert state(bfe) == before


def test_the_agency_still_reports_and_the_department_still_steers(bfe, users, client_for, api_for):
    reporter, approver = users["bfe_rapportor"], users["bfe_godkjenner"]
    officer = api_for(users["set_styrer"])

    # BFE reports its numbers (page), its approver submits, SET approves and returns.
    innsending = bfe["belegg"]
    url = reverse("indikatorer:innsending", args=[innsending.pk])
    saved = client_for(reporter).post(url, page_data(innsending, belegg_values()))
    assert saved.status_code == 302
    assert Verdi.objects.filter(innsending=innsending).count() == len(belegg_values())
    assert api_for(approver).post(f"/api/innsendinger/{innsending.pk}/lever/").status_code == 200
    assert officer.post(f"/api/innsendinger/{innsending.pk}/godkjenn/").status_code == 200
    innsending.refresh_from_db()
    assert innsending.status == Innsending.Status.GODKJENT
    returned = officer.post(
        f"/api/innsendinger/{innsending.pk}/returner/", {"kommentar": "Sjekk akutt."}
    )
    assert returned.status_code == 200
    innsending.refresh_from_db()
    assert innsending.status == Innsending.Status.RETURNERT

    # The district reports its own numbers (API).
    district = BrukerFactory(kode="gamle-oslo", rolle=Rolle.RAPPORTOR)
    bydel = bfe["bydel"]
    response = api_for(district).post(
        f"/api/innsendinger/{bydel.pk}/verdier/",
        api_data(bydel, bistandsplikt_values()),
        format="json",
    )
    assert response.status_code == 200, response.json()

    # BFE writes a status report and a delivery; SET approves it and sets the deadline.
    oppdrag = bfe["oppdrag"]
    page = client_for(reporter)
    assert (
        page.post(
            reverse("oppdrag:oppdrag-statusrapport", args=[oppdrag.pk]),
            {"aar": "2026", "tertial": "1", "tekst": "Godt i gang."},
        ).status_code
        == 302
    )
    delivered = api_for(reporter).post(
        reverse("api:oppdrag:oppdrag-leveranser", args=[oppdrag.pk]),
        {"dato": "2026-03-19", "lenke": "https://example.org/rapport"},
        format="json",
    )
    assert delivered.status_code == 201
    oppdrag.refresh_from_db()
    assert oppdrag.status == Status.LEVERT
    approved = client_for(users["set_styrer"]).post(
        reverse("oppdrag:oppdrag-status", args=[oppdrag.pk]),
        {"til": Status.GODKJENT, "kommentar": "", "forventet_status": Status.LEVERT},
    )
    assert approved.status_code == 302
    oppdrag.refresh_from_db()
    assert oppdrag.status == Status.GODKJENT
    deadline = officer.post(
        reverse("api:oppdrag:oppdrag-frist", args=[oppdrag.pk]),
        {"tekst": "31.12.2026"},
        format="json",
    )
    assert deadline.status_code == 200, deadline.json()
    oppdrag.refresh_from_db()
    assert oppdrag.frist_tekst == "31.12.2026"

    # BFE saves its January accounts and writes a risk assessment.
    page = client_for(reporter)
    konto = bfe["konto"]
    accounts = page.post(
        reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1]),
        {"handling": "lagre", "versjon": "0", f"b__{konto.pk}": "63000"},
    )
    assert accounts.status_code == 302
    assert Regnskap.objects.get(rapport=bfe["regnskap"], konto=konto).belop == 63000
    risk = page.post(
        reverse("styring:risiko-ny", args=[bfe["brev"].pk, "BFE"]),
        {**RISK, "maal": str(bfe["maal"].pk)},
    )
    assert risk.status_code == 302
    assert Risikovurdering.objects.filter(virksomhet__kode="BFE", maal=bfe["maal"]).exists()
