"""One home per figure: where a page and the API show the same list, they read it through
the same selector, so they agree for every user, strangers included."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from styring import selectors
from styring.models import Maal, Rapport, Rapportjobb, Risikovurdering, Styringsmote
from styring.registries import rapporttyper

pytestmark = pytest.mark.django_db

ROLES = ["set_styrer", "bfe_leser", "vel_rapportor", "bufdir_styrer", "uten_virksomhet"]
OCTOBER_5 = datetime.datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Oslo"))


def api_list(api, url, query=None):
    response = api.get(url, {**(query or {}), "limit": 500})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == len(body["results"])
    return body["results"]


# Letters


@pytest.mark.parametrize(
    ("page_query", "api_query"),
    [
        ({}, {}),
        ({"aar": "2026"}, {"aar": "2026"}),
        ({"aar": "2023"}, {"aar": "2023"}),
        ({"mottaker": "BFE"}, {"virksomhet": "BFE"}),
        ({"aar": "2026", "mottaker": "Bufdir"}, {"aar": "2026", "virksomhet": "Bufdir"}),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_the_letter_list_and_the_api_list_the_same_letters(
    brev, users, client_for, api_for, role, page_query, api_query
):
    user = users[role]
    response = client_for(user).get(reverse("styring:brev-liste"), page_query)
    assert response.status_code == 200
    listed = sorted(letter.pk for letter in response.context["brevliste"])
    assert listed == sorted(row["id"] for row in api_list(api_for(user), "/api/brev/", api_query))
    selected = selectors.brev.brevliste(
        user=user,
        aar=int(page_query["aar"]) if "aar" in page_query else None,
        mottaker=page_query.get("mottaker", ""),
    )
    assert listed == sorted(letter.pk for letter in selected)
    if role == "uten_virksomhet":
        assert listed == []
    if role == "set_styrer" and page_query in ({}, {"mottaker": "BFE"}):
        assert brev["bfe"].pk in listed


def test_a_letter_of_another_organisation_is_in_neither_list(brev, users, client_for, api_for):
    stranger = users["vel_rapportor"]
    bfe = brev["bfe"].pk
    page = client_for(stranger).get(reverse("styring:brev-liste"))
    assert bfe not in [letter.pk for letter in page.context["brevliste"]]
    assert bfe not in [row["id"] for row in api_list(api_for(stranger), "/api/brev/")]
    choices = selectors.brev.brevfiltre(user=stranger)
    assert "BFE" not in [v.kode for v in choices["mottaker_valg"]]


# Organisations


@pytest.mark.parametrize("role", ROLES)
def test_the_organisation_list_and_the_api_list_the_same_organisations(
    users, client_for, api_for, role
):
    user = users[role]
    response = client_for(user).get(reverse("styring:virksomhet-liste"))
    listed = sorted(v.kode for v in response.context["virksomheter"])
    assert listed == sorted(row["kode"] for row in api_list(api_for(user), "/api/virksomheter/"))
    assert listed == sorted(v.kode for v in selectors.virksomheter.virksomheter(user=user))
    if role == "uten_virksomhet":
        assert listed == []
    if role == "vel_rapportor":
        assert "BFE" not in listed


# Risk assessments


@pytest.fixture
def vurderinger(brev, virksomheter):
    goals = list(Maal.objects.filter(brev=brev["bfe"]).exclude(kode="").order_by("pk")[:3])
    made = []
    for tertial, goal in ((1, goals[0]), (1, goals[1]), (2, goals[2])):
        made.append(
            Risikovurdering.objects.create(
                virksomhet=virksomheter["BFE"],
                maal=goal,
                aar=brev["bfe"].aar,
                tertial=tertial,
                risiko=f"Risiko {goal.kode}",
                sannsynlighet=3,
                konsekvens=4,
                risikotoleranse="middels",
                eier="Etatsdirektør",
            )
        )
    return made


@pytest.mark.parametrize("tertial", [1, 2, 3])
@pytest.mark.parametrize("role", ["set_styrer", "bfe_leser", "bfe_rapportor"])
def test_the_risk_matrix_and_the_api_list_the_same_assessments(
    brev, users, client_for, api_for, vurderinger, role, tertial
):
    user, letter = users[role], brev["bfe"]
    url = reverse("styring:risiko-matrise", kwargs={"brev_pk": letter.pk, "kode": "BFE"})
    response = client_for(user).get(url, {"aar": letter.aar, "tertial": tertial})
    assert response.status_code == 200
    shown = sorted(v.pk for v in response.context["vurderinger"])
    query = {"virksomhet": "BFE", "brev": letter.pk, "aar": letter.aar, "tertial": tertial}
    api = api_list(api_for(user), "/api/risikovurderinger/", query)
    assert shown == sorted(row["id"] for row in api)
    assert shown == sorted(v.pk for v in vurderinger if v.tertial == tertial)
    # Every goal of the letter is either in the matrix or among those still to assess.
    missing = response.context["uten_vurdering"]
    assert {m.pk for m in missing}.isdisjoint(v.maal_id for v in response.context["vurderinger"])
    assert len(missing) + len(shown) == Maal.objects.filter(brev=letter).count()


def test_a_stranger_sees_no_assessment_on_the_page_the_api_or_the_selector(
    brev, users, client_for, api_for, vurderinger
):
    letter = brev["bfe"]
    for role in ("vel_rapportor", "uten_virksomhet"):
        user = users[role]
        url = reverse("styring:risiko-matrise", kwargs={"brev_pk": letter.pk, "kode": "BFE"})
        assert client_for(user).get(url).status_code == 404
        assert api_list(api_for(user), "/api/risikovurderinger/", {"virksomhet": "BFE"}) == []
        assert not selectors.risiko.risikovurderinger(user=user).exists()
        history = selectors.risiko.risikohistorikk(
            user=user, maal=vurderinger[0].maal, virksomhet=vurderinger[0].virksomhet
        )
        assert history == {"vurderinger": [], "endringer": None}


def test_the_matrix_opens_on_the_latest_tertial_assessed(brev, users, vurderinger):
    bilde = selectors.risiko.risikobilde(
        user=users["bfe_leser"],
        brev=brev["bfe"],
        virksomhet=vurderinger[0].virksomhet,
        aar=brev["bfe"].aar,
    )
    assert bilde["tertial"] == 2
    assert [v.pk for v in bilde["vurderinger"]] == [vurderinger[2].pk]


def test_the_previous_tertial_is_offered_only_from_the_second_on(brev, users, vurderinger):
    first = vurderinger[0]

    def forrige(tertial, user="bfe_rapportor"):
        return selectors.risiko.forrige_vurdering(
            user=users[user],
            virksomhet=first.virksomhet,
            maal=first.maal,
            aar=first.aar,
            tertial=tertial,
        )

    assert forrige(2) == first
    assert forrige(1) is None
    assert forrige(None) is None
    assert forrige(3) is None
    assert forrige(2, user="vel_rapportor") is None


# The report archive and orders


@pytest.fixture
def arkiverte(virksomheter):
    """Two reports of BFE and one of VEL, as the archive holds them (files aside)."""
    made = []
    for kode, fra in (("BFE", "2026-01-01"), ("BFE", "2026-05-01"), ("VEL", "2026-05-01")):
        start = datetime.date.fromisoformat(fra)
        made.append(
            Rapport.objects.create(
                type="tertial",
                virksomhet=virksomheter[kode],
                periode_fra=start,
                periode_til=start + datetime.timedelta(days=119),
                versjon=1,
                tittel=f"Tertialrapport {kode} {fra}",
                generert=timezone.now(),
            )
        )
    return made


@pytest.mark.parametrize("role", ["set_styrer", "bfe_leser", "bfe_godkjenner"])
def test_the_report_page_and_the_api_list_the_same_archive(
    users, client_for, api_for, arkiverte, role
):
    user = users[role]
    response = client_for(user).get(reverse("styring:rapporter-virksomhet", args=["BFE"]))
    assert response.status_code == 200
    shown = sorted(r.pk for r in response.context["rapporter"])
    api = api_list(api_for(user), "/api/rapporter/", {"virksomhet": "BFE"})
    assert shown == sorted(row["id"] for row in api)
    assert shown == sorted(r.pk for r in arkiverte if r.virksomhet.kode == "BFE")


def test_a_stranger_gets_no_report_of_the_organisation(users, client_for, api_for, arkiverte):
    for role in ("vel_rapportor", "uten_virksomhet"):
        user = users[role]
        assert (
            client_for(user).get(reverse("styring:rapporter-virksomhet", args=["BFE"])).status_code
            == 404
        )
        assert api_list(api_for(user), "/api/rapporter/", {"virksomhet": "BFE"}) == []
        assert not selectors.rapporter.rapporter(user=user, kode="BFE").exists()
    # VEL's own report is VEL's reporter's to read, and only that one.
    vel = [row["id"] for row in api_list(api_for(users["vel_rapportor"]), "/api/rapporter/")]
    assert vel == [arkiverte[2].pk]


@pytest.mark.parametrize(
    ("periode", "orderable"),
    [
        ("2026-05-01", True),  # the second tertial, ended
        ("2025-09-01", True),  # last year's third
        ("2026-09-01", False),  # still running
        ("2026-05-02", False),  # not the first day of a tertial
        ("2019-01-01", False),  # beyond the periods offered
    ],
)
def test_the_page_its_preview_and_the_api_accept_the_same_periods(
    brev, users, client_for, api_for, periode, orderable
):
    user = users["set_styrer"]
    with time_machine.travel(OCTOBER_5, tick=False):
        expected = selectors.rapporter.bestillbar_periode(
            rapporttype=rapporttyper["tertial"],
            fra=datetime.date.fromisoformat(periode),
            idag=timezone.localdate(),
        )
        assert (expected is not None) == orderable
        page = reverse("styring:rapporter-virksomhet", args=["BFE"])
        client = client_for(user)
        assert client.post(page, {"type": "tertial", "periode": periode}).status_code == 302
        from_page = Rapportjobb.objects.filter(bestilt_av=user).count()
        preview = client.get(
            reverse("styring:rapporter-forhaandsvisning", args=["BFE"]),
            {"type": "tertial", "periode": periode},
        )
        ordered = api_for(user).post(
            "/api/rapportjobber/",
            {"type": "tertial", "virksomhet": "BFE", "periode_fra": periode},
            format="json",
        )
    assert from_page == (1 if orderable else 0)
    assert preview.status_code == (200 if orderable else 404)
    assert ordered.status_code == (202 if orderable else 400)
    if orderable:
        assert (ordered.json()["periode_fra"], ordered.json()["periode_til"]) == (
            expected[0].isoformat(),
            expected[1].isoformat(),
        )
    else:
        assert set(ordered.json()) == {"periode_fra"}


def test_a_period_that_is_not_a_date_is_never_orderable():
    for verdi in ("", "i går", "2026-13-01"):
        assert (
            selectors.rapporter.bestillbar_periode(
                rapporttype=rapporttyper["tertial"], fra=verdi, idag=OCTOBER_5.date()
            )
            is None
        )


# The steering calendar and its feed


def test_the_calendar_page_and_its_feed_show_the_same_meetings(users, client_for, virksomheter):
    import icalendar

    for kode, dato in (("SET", "2026-03-02"), ("BFE", "2026-12-01"), ("VEL", "2026-01-10")):
        Styringsmote.objects.create(
            virksomhet=virksomheter[kode],
            type=Styringsmote.Type.ETATSSTYRINGSMOTE,
            dato=datetime.date.fromisoformat(dato),
        )
    for role, kode in (("set_styrer", "SET"), ("bfe_leser", "BFE"), ("vel_rapportor", "VEL")):
        user, virksomhet = users[role], virksomheter[kode]
        client = client_for(user)
        page = client.get(reverse("styring:styringskalender", args=[kode])).context
        shown = sorted(m.pk for gruppe in page["grupper"] for m in gruppe["moter"])
        feed = client.get(reverse("styring:styringskalender-ics", args=[kode])).content
        uids = icalendar.Calendar.from_ical(feed).walk("VEVENT")
        expected = selectors.styringsmoter.kalendermoter(user=user, virksomhet=virksomhet)
        assert shown == sorted(m.pk for m in expected)
        assert len(uids) == len(shown) > 0
    # BFE's reader sees BFE's meeting, not the department's or VEL's.
    bfe = selectors.styringsmoter.kalendermoter(
        user=users["bfe_leser"], virksomhet=virksomheter["BFE"]
    )
    assert [m.virksomhet.kode for m in bfe] == ["BFE"]
    # A stranger's calendar of BFE is a 404, and the selector lends it nothing.
    assert (
        client_for(users["vel_rapportor"])
        .get(reverse("styring:styringskalender", args=["BFE"]))
        .status_code
        == 404
    )
    assert not selectors.styringsmoter.kalendermoter(
        user=users["vel_rapportor"], virksomhet=virksomheter["BFE"]
    ).exists()


# The change log


def test_only_those_who_may_audit_get_a_change_log(brev, users):
    letter = brev["bfe"]
    assert selectors.endringer.endringer(user=users["set_styrer"], obj=letter) is not None
    for role in ("bfe_leser", "bfe_godkjenner", "vel_rapportor", "uten_virksomhet"):
        assert selectors.endringer.endringer(user=users[role], obj=letter) is None
