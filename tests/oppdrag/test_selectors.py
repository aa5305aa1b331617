"""One home per figure: the assignment overview page, its CSV and Excel export,
``/api/oppdrag/`` and the department overview's column count and list the same
assignments, because they narrow through the same selector."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from oppdrag import selectors, services
from oppdrag.frist import Type as FristType
from oppdrag.models import Oppdrag, Status
from styring import services as brevtjenester

MARCH_20 = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))

# The same filters in the page's and the API's words (the API names the agency
# ``virksomhet`` too; the page has no letter or due-date filter).
FILTRE = [
    {},
    {"aar": "2026"},
    {"virksomhet": "BFE"},
    {"vindu": "forfalt"},
    {"vindu": "30"},
    {"vindu": "venter"},
    {"status": "levert"},
    {"art": "lopende", "aar": "2026"},
    {"virksomhet": "BFE", "vindu": "forfalt", "aar": "2026"},
]


@pytest.fixture
def frozen():
    with time_machine.travel(MARCH_20, tick=False):
        yield MARCH_20.date()


@pytest.fixture
def levert(brev, users, frozen):
    """One of BFE's assignments due later in the year delivered, so that "awaiting
    approval" is not empty while "overdue" and "due in 30 days" keep theirs."""
    later = frozen + datetime.timedelta(days=90)
    oppdrag = Oppdrag.objects.filter(
        brev=brev["bfe"], status=Status.IKKE_STARTET, forfall__gt=later
    ).first()
    oppdrag.status = Status.LEVERT
    oppdrag.save()
    return oppdrag


def page_ids(client, query):
    """Every row of the overview page's "all assignments" list, page by page."""
    ids, side = [], 1
    while True:
        response = client.get(reverse("oppdrag:oppdrag-oversikt"), {**query, "side": side})
        assert response.status_code == 200
        ids += [oppdrag.pk for oppdrag in response.context["alle"]]
        if not response.context["side"].has_next():
            return ids, response.context["antall"]
        side += 1


def api_ids(api, query):
    response = api.get("/api/oppdrag/", {**query, "limit": 500})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == len(body["results"])
    return [row["id"] for row in body["results"]]


def csv_rows(client, query):
    response = client.get(reverse("oppdrag:oppdrag-eksport", args=["csv"]), query)
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def xlsx_rows(client, query):
    response = client.get(reverse("oppdrag:oppdrag-eksport", args=["xlsx"]), query)
    return load_workbook(io.BytesIO(response.content)).active.max_row - 1


@pytest.mark.parametrize("query", FILTRE)
@pytest.mark.parametrize("role", ["set_styrer", "bfe_rapportor", "vel_rapportor"])
def test_the_page_its_export_and_the_api_list_the_same_assignments(
    brev, users, client_for, api_for, levert, frozen, query, role
):
    user = users[role]
    listed, antall = page_ids(client_for(user), query)
    expected = selectors.oppdragsliste(user=user, idag=frozen, **query)
    assert listed == [oppdrag.pk for oppdrag in expected]
    assert len(listed) == antall["alle"] == len(set(listed))
    assert sorted(api_ids(api_for(user), query)) == sorted(listed)
    client = client_for(user)
    assert len(csv_rows(client, query)) == xlsx_rows(client, query) == len(listed)
    if role != "vel_rapportor":
        assert listed, "the filter should find some of the letter's assignments"


@pytest.mark.parametrize("vindu", ["forfalt", "30", "venter"])
def test_each_follow_up_count_on_the_page_is_the_api_count_of_its_window(
    brev, users, client_for, api_for, levert, frozen, vindu
):
    key = {"forfalt": "forfalt", "30": "snart", "venter": "venter"}[vindu]
    user = users["set_styrer"]
    antall = client_for(user).get(reverse("oppdrag:oppdrag-oversikt")).context["antall"]
    assert antall[key] > 0
    assert antall[key] == len(api_ids(api_for(user), {"vindu": vindu}))


def test_the_department_overview_column_counts_what_its_links_list(
    brev, users, client_for, api_for, levert, frozen
):
    """The overview's cell for BFE, the page its link opens and the API agree."""
    user = users["set_styrer"]
    client = client_for(user)
    rows = client.get(reverse("styring:avdelingsoversikt")).context
    column = [k.kode for k in rows["kolonner"]].index("oppdrag")
    (bfe,) = [r for r in rows["rader"] if r["virksomhet"].kode == "BFE"]
    checked = 0
    for tall, vindu in zip(bfe["celler"][column], ["forfalt", "30", "venter"], strict=True):
        query = {"virksomhet": "BFE", "vindu": vindu}
        assert tall.url == f"{reverse('oppdrag:oppdrag-oversikt')}?virksomhet=BFE&vindu={vindu}"
        listed, antall = page_ids(client, query)
        assert tall.antall == antall["alle"] == len(api_ids(api_for(user), query))
        checked += tall.antall
    assert checked > 0


def test_a_stranger_gets_none_of_the_assignments_anywhere(
    brev, users, client_for, api_for, levert, frozen
):
    stranger = users["uten_virksomhet"]
    assert not selectors.oppdragsliste(user=stranger, idag=frozen).exists()
    assert not selectors.synlige_oppdrag(user=stranger).exists()
    assert not selectors.ansvarlige_virksomheter(user=stranger).exists()
    assert page_ids(client_for(stranger), {})[0] == []
    assert api_ids(api_for(stranger), {}) == []
    assert csv_rows(client_for(stranger), {}) == []
    # Naming BFE in the filter does not widen the scope.
    assert api_ids(api_for(stranger), {"virksomhet": "BFE"}) == []


def test_the_year_and_the_letter_match_carried_over_assignments_once(brev, users, frozen):
    """An assignment carried into next year's letter is listed under both years and both
    letters, and an assignment of two responsible agencies once."""
    user = users["set_styrer"]
    ny = brevtjenester.lag_neste_aars_brev(brev=brev["bfe"])
    carried = Oppdrag.objects.i_brev(ny).order_by("pk").first()
    carried.ansvarlige.add(users["vel_rapportor"].virksomhet)
    visible = selectors.synlige_oppdrag(user=user)

    def pks(**filtre):
        found = selectors.filtrer_oppdrag(oppdrag=visible, idag=frozen, **filtre)
        return list(found.values_list("pk", flat=True))

    assert carried.brev_id == brev["bfe"].pk
    assert carried.pk in pks(aar=ny.aar)
    assert carried.pk in pks(brev=ny.pk)
    assert carried.pk in pks(aar=brev["bfe"].aar)
    assert carried.pk in pks(brev=brev["bfe"].pk)
    assert sorted(pks(aar=ny.aar)) == sorted(
        Oppdrag.objects.i_brev(ny).values_list("pk", flat=True)
    )
    everything = pks()
    assert len(everything) == len(set(everything)) == visible.count()
    assert pks(virksomhet="VEL") == [carried.pk]
    assert pks(aar=ny.aar, virksomhet="VEL", status=carried.status) == [carried.pk]
    assert pks(aar=ny.aar, virksomhet="Bufdir") == []


def test_the_timeline_is_in_the_order_things_happened(brev, users, frozen):
    oppdrag = (
        Oppdrag.objects.filter(brev=brev["bfe"], status=Status.IKKE_STARTET)
        .exclude(frist_type=FristType.GJENTAKENDE)
        .first()
    )
    rapportor = users["bfe_rapportor"]
    services.skriv_statusrapport(
        oppdrag=oppdrag, user=rapportor, aar=2026, tertial=1, tekst="I gang."
    )
    with time_machine.travel(MARCH_20 + datetime.timedelta(hours=1), tick=False):
        services.registrer_leveranse(
            oppdrag=oppdrag, user=rapportor, dato=frozen, lenke="https://example.org"
        )
    events = selectors.tidslinje(oppdrag=oppdrag)
    # The report came first; the delivery and the status change it made came together.
    assert events[0][0] == "rapport"
    assert sorted(art for art, _when, _event in events[1:]) == ["leveranse", "status"]
    assert [when for _art, when, _event in events] == sorted(when for _a, when, _e in events)
    assert selectors.har_statusrapport(oppdrag=oppdrag, aar=2026, tertial=1)
    assert not selectors.har_statusrapport(oppdrag=oppdrag, aar=2026, tertial=2)
