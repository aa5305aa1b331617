"""The letters API: letters, goals, directives, reporting, meetings and risk, scoped."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from styring.models import (
    Foring,
    Maal,
    Rapporteringskrav,
    Risikovurdering,
    Seksjon,
    Styringsmote,
    Tildelingsbrev,
)
from styring.models.brev import LETTER_IS_ISSUED

pytestmark = pytest.mark.django_db


def url(name, pk=None):
    if pk is None:
        return reverse(f"api:styring:{name}-list")
    return reverse(f"api:styring:{name}-detail", args=[pk])


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", password="x")


@pytest.fixture
def utkast(brev, users, api_for):
    """A draft letter to BFE that the SET styrer created through the API."""
    response = api_for(users["set_styrer"]).post(
        url("brev"),
        {
            "type": "tildelingsbrev",
            "tittel": "Tildelingsbrev 2027",
            "mottakere": ["BFE"],
            "aar": 2027,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return Tildelingsbrev.objects.get(pk=response.json()["id"])


# Letters: scope, role and lock


def test_another_agency_neither_sees_nor_opens_the_letter(brev, users, api_for):
    api = api_for(users["vel_rapportor"])
    assert api.get(url("brev", brev["bfe"].pk)).status_code == 404
    assert rows(api.get(url("brev"))) == []
    assert api.patch(url("brev", brev["bfe"].pk), {"tittel": "X"}).status_code == 404


def test_agency_staff_read_their_letter_but_cannot_change_it(brev, users, api_for):
    api = api_for(users["bfe_rapportor"])
    letter = brev["bfe"]
    body = api.get(url("brev", letter.pk)).json()
    assert body["utsteder"] == "SET"
    assert body["mottakere"] == ["BFE"]
    assert body["status"] == "utstedt"
    assert body["url"].endswith(letter.get_absolute_url())
    assert [row["id"] for row in rows(api.get(url("brev")))] == [letter.pk]
    assert api.patch(url("brev", letter.pk), {"tittel": "Endret"}).status_code == 403
    assert api.delete(url("brev", letter.pk)).status_code == 403
    response = api.post(url("brev"), {"type": "tildelingsbrev", "mottakere": ["BFE"], "aar": 2027})
    assert response.status_code == 403
    assert Tildelingsbrev.objects.count() == 2


def test_the_page_url_is_null_while_the_page_is_not_routed(brev, users, api_for, monkeypatch):
    def unrouted(letter):
        raise NoReverseMatch("brev")

    monkeypatch.setattr(Tildelingsbrev, "get_absolute_url", unrouted)
    body = api_for(users["bfe_rapportor"]).get(url("brev", brev["bfe"].pk)).json()
    assert body["url"] is None


def test_an_issued_letter_answers_409_and_nothing_changes(brev, users, api_for):
    api = api_for(users["set_styrer"])
    letter = brev["bfe"]
    before = (letter.tittel, letter.saksnr)
    response = api.patch(url("brev", letter.pk), {"tittel": "Endret", "saksnr": "1/1"})
    assert response.status_code == 409
    assert response.json() == {"detail": str(LETTER_IS_ISSUED)}
    assert api.delete(url("brev", letter.pk)).status_code == 409
    letter.refresh_from_db()
    assert (letter.tittel, letter.saksnr) == before
    # Its parts are locked with it.
    goal = Maal.objects.filter(brev=letter).first()
    assert api.patch(url("maal", goal.pk), {"tekst": "Endret"}).status_code == 409
    assert api.delete(url("maal", goal.pk)).status_code == 409
    response = api.post(
        url("maal"),
        {"brev": letter.pk, "nivaa": "tiltak", "forelder": goal.pk, "kode": "9", "tekst": "Nytt"},
    )
    assert response.status_code == 409
    assert response.json()["detail"] == str(LETTER_IS_ISSUED)
    directive = Foring.objects.filter(brev=letter).first()
    assert api.patch(url("foring", directive.pk), {"tema": "Endret"}).status_code == 409
    goal.refresh_from_db()
    assert goal.tekst != "Endret"


def test_status_and_issue_time_cannot_be_set_through_the_api(utkast, users, api_for):
    api = api_for(users["set_styrer"])
    response = api.patch(
        url("brev", utkast.pk), {"status": "utstedt", "utstedt": "2027-01-01T00:00:00Z"}
    )
    assert response.status_code == 200
    utkast.refresh_from_db()
    assert (utkast.status, utkast.utstedt) == ("utkast", None)


# Writing a draft and its goals


def test_styrer_writes_a_draft_letter_with_goals_and_deletes_it(utkast, brev, users, api_for):
    api = api_for(users["set_styrer"])
    assert utkast.utsteder.kode == "SET"
    assert utkast.status == Tildelingsbrev.Status.UTKAST
    assert list(utkast.mottakere.values_list("kode", flat=True)) == ["BFE"]

    response = api.patch(url("brev", utkast.pk), {"saksnr": "26/1", "mottakere": ["BFE", "VEL"]})
    assert response.status_code == 200, response.content
    assert sorted(response.json()["mottakere"]) == ["BFE", "VEL"]
    utkast.refresh_from_db()
    assert utkast.saksnr == "26/1"

    kommunemaal = Maal.objects.get(brev__isnull=True, nivaa="kommunemaal", kode="1")
    sektormaal = api.post(
        url("maal"),
        {
            "brev": utkast.pk,
            "nivaa": "sektormaal",
            "forelder": kommunemaal.pk,
            "kode": "1.1",
            "tekst": "Barn vokser opp trygt",
        },
    )
    assert sektormaal.status_code == 201, sektormaal.content
    tiltak = api.post(
        url("maal"),
        {
            "brev": utkast.pk,
            "nivaa": "tiltak",
            "forelder": sektormaal.json()["id"],
            "kode": "1.1.1",
            "tekst": "Flere fosterhjem",
            "samarbeid": "Bydelene",
        },
    )
    assert tiltak.status_code == 201, tiltak.content
    assert tiltak.json()["planperiode"] is None
    assert tiltak.json()["kopiert_fra"] is None

    # A measure must sit under a sector goal: the model's rule answers 400 by field.
    orphan = api.post(
        url("maal"), {"brev": utkast.pk, "nivaa": "tiltak", "kode": "1.1.2", "tekst": "Uten mål"}
    )
    assert orphan.status_code == 400
    assert list(orphan.json()) == ["forelder"]
    wrong_level = api.post(
        url("maal"),
        {
            "brev": utkast.pk,
            "nivaa": "tiltak",
            "forelder": kommunemaal.pk,
            "kode": "1.9",
            "tekst": "X",
        },
    )
    assert wrong_level.status_code == 400
    assert "forelder" in wrong_level.json()
    # A parent from another letter is refused too.
    other = Maal.objects.filter(brev=brev["bfe"], nivaa="sektormaal").first()
    response = api.post(
        url("maal"),
        {"brev": utkast.pk, "nivaa": "tiltak", "forelder": other.pk, "kode": "1.9", "tekst": "X"},
    )
    assert response.status_code == 400
    assert "forelder" in response.json()
    assert Maal.objects.filter(brev=utkast).count() == 2

    changed = api.patch(url("maal", tiltak.json()["id"]), {"tekst": "Flere og bedre fosterhjem"})
    assert changed.status_code == 200
    assert Maal.objects.get(pk=tiltak.json()["id"]).tekst == "Flere og bedre fosterhjem"
    # Moving the measure under the municipal goal breaks the tree: 400, nothing saved.
    moved = api.patch(url("maal", tiltak.json()["id"]), {"forelder": kommunemaal.pk})
    assert moved.status_code == 400
    assert Maal.objects.get(pk=tiltak.json()["id"]).forelder_id == sektormaal.json()["id"]

    assert api.delete(url("brev", utkast.pk)).status_code == 204
    assert not Tildelingsbrev.objects.filter(pk=utkast.pk).exists()
    assert not Maal.objects.filter(pk=tiltak.json()["id"]).exists()


def test_a_letter_goes_only_to_agencies_the_styrer_steers(brev, users, api_for, virksomheter):
    api = api_for(users["set_styrer"])
    response = api.post(
        url("brev"), {"type": "tildelingsbrev", "mottakere": ["region-ost"], "aar": 2027}
    )
    assert response.status_code == 400
    assert "mottakere" in response.json()
    # Its own department is visible but not steered.
    response = api.post(url("brev"), {"type": "tildelingsbrev", "mottakere": ["SET"], "aar": 2027})
    assert response.status_code == 400
    assert "SET" in response.json()["mottakere"][0]
    assert Tildelingsbrev.objects.count() == 2


def test_a_letter_is_issued_by_the_users_own_organisation(brev, users, api_for, superuser):
    body = {"type": "tildelingsbrev", "mottakere": ["BFE"], "aar": 2027, "utsteder": "BFE"}
    response = api_for(users["set_styrer"]).post(url("brev"), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["utsteder"]
    # A superuser may write for any organisation.
    response = api_for(superuser).post(url("brev"), body | {"utsteder": "SET"}, format="json")
    assert response.status_code == 201
    assert response.json()["utsteder"] == "SET"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"aar": 1999}, "aar"),
        ({"type": "supplerende"}, "supplerer"),
        ({"type": "finnes-ikke"}, "type"),
        ({"mottakere": []}, "mottakere"),
    ],
)
def test_bad_letters_get_400_with_field_errors(brev, users, api_for, changes, field):
    body = {"type": "tildelingsbrev", "mottakere": ["BFE"], "aar": 2027} | changes
    response = api_for(users["set_styrer"]).post(url("brev"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_supplement_names_an_issued_letter(brev, utkast, users, api_for):
    api = api_for(users["set_styrer"])
    body = {"type": "supplerende", "mottakere": ["BFE"], "aar": 2026}
    response = api.post(url("brev"), body | {"supplerer": utkast.pk}, format="json")
    assert response.status_code == 400
    assert "supplerer" in response.json()
    response = api.post(url("brev"), body | {"supplerer": brev["bfe"].pk}, format="json")
    assert response.status_code == 201
    response = api.post(
        url("brev"),
        {"type": "tildelingsbrev", "mottakere": ["BFE"], "aar": 2027, "supplerer": brev["bfe"].pk},
        format="json",
    )
    assert response.status_code == 400
    assert "type" in response.json()


def test_directives_stay_inside_their_letter(utkast, brev, users, api_for):
    api = api_for(users["set_styrer"])
    response = api.post(
        url("foring"), {"brev": utkast.pk, "tema": "Økonomi", "tekst": "Hold budsjettet."}
    )
    assert response.status_code == 201, response.content
    foreign_section = Seksjon.objects.filter(brev=brev["bfe"]).first()
    response = api.patch(url("foring", response.json()["id"]), {"seksjon": foreign_section.pk})
    assert response.status_code == 400
    assert list(response.json()) == ["seksjon"]
    # Agency staff cannot add to a draft they only read.
    response = api_for(users["bfe_rapportor"]).post(
        url("foring"), {"brev": utkast.pk, "tekst": "Ny"}
    )
    assert response.status_code == 403


def test_a_letter_outside_scope_cannot_be_written_to(brev, utkast, users, api_for):
    response = api_for(users["bufdir_styrer"]).post(
        url("maal"), {"brev": utkast.pk, "nivaa": "hovedmaal", "kode": "1", "tekst": "X"}
    )
    assert response.status_code == 400
    assert "brev" in response.json()
    assert not Maal.objects.filter(brev=utkast).exists()


# Filters


@pytest.mark.parametrize("name", ["superuser", "bufdir_styrer"])
def test_year_filter_gives_the_letters_of_that_year(brev, users, api_for, superuser, name):
    user = superuser if name == "superuser" else users[name]
    api = api_for(user)
    assert [row["id"] for row in rows(api.get(url("brev"), {"aar": 2023}))] == [brev["bufdir"].pk]
    assert {row["brev"] for row in rows(api.get(url("maal"), {"aar": 2023}))} == {brev["bufdir"].pk}


def test_list_filters(brev, users, api_for, superuser):
    api = api_for(superuser)
    by_recipient = rows(api.get(url("brev"), {"virksomhet": "region-ost"}))
    assert [row["id"] for row in by_recipient] == [brev["bufdir"].pk]
    assert rows(api.get(url("brev"), {"aar": 2023, "virksomhet": "BFE"})) == []
    main_goals = rows(api.get(url("maal"), {"brev": brev["bufdir"].pk, "nivaa": "hovedmaal"}))
    assert main_goals
    assert {row["nivaa"] for row in main_goals} == {"hovedmaal"}
    children = rows(api.get(url("maal"), {"forelder": main_goals[0]["id"]}))
    assert children
    assert {row["forelder"] for row in children} == {main_goals[0]["id"]}
    directives = rows(api.get(url("foring"), {"virksomhet": "BFE"}))
    assert len(directives) == Foring.objects.filter(brev=brev["bfe"]).count()
    assert api.get(url("brev"), {"aar": "tjue"}).status_code == 400


def test_municipal_goals_are_read_by_every_signed_in_user(brev, users, api_for):
    body = rows(api_for(users["vel_rapportor"]).get(url("maal")))
    assert body
    assert {row["nivaa"] for row in body} == {"kommunemaal"}
    assert {row["brev"] for row in body} == {None}
    kommunemaal = Maal.objects.filter(nivaa="kommunemaal").first()
    response = api_for(users["set_styrer"]).patch(url("maal", kommunemaal.pk), {"tekst": "X"})
    assert response.status_code == 403


# Query counts


def count_queries(api, path):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status_code == 200
    return len(queries)


def test_letter_list_queries_do_not_grow_with_the_letters(brev, users, api_for, virksomheter):
    api = api_for(users["set_styrer"])
    before = count_queries(api, url("brev"))
    for number in range(20):
        letter = Tildelingsbrev.objects.create(
            type="tildelingsbrev", utsteder=virksomheter["SET"], aar=2030 + number
        )
        letter.mottakere.set([virksomheter["BFE"], virksomheter["VEL"]])
    assert len(rows(api.get(url("brev")))) == 21
    assert count_queries(api, url("brev")) == before


def test_goal_list_queries_do_not_grow_with_the_goals(brev, users, api_for):
    api = api_for(users["set_styrer"])
    before = count_queries(api, url("maal"))
    parent = Maal.objects.filter(brev=brev["bfe"], nivaa="sektormaal").first()
    for number in range(20):
        Maal.objects.create(
            brev=brev["bfe"], nivaa="tiltak", forelder=parent, kode=f"9.{number}", tekst="Ekstra"
        )
    assert count_queries(api, url("maal")) == before


def test_other_list_queries_do_not_grow(brev, users, api_for, superuser, virksomheter):
    for goal in Maal.objects.filter(brev=brev["bfe"], nivaa="tiltak")[:3]:
        for tertial in (1, 2):
            Risikovurdering.objects.create(
                virksomhet=virksomheter["BFE"],
                maal=goal,
                aar=2026,
                tertial=tertial,
                risiko="Risiko",
                sannsynlighet=2,
                konsekvens=2,
                risikotoleranse="lav",
                eier="Direktør",
            )
    api = api_for(superuser)
    for name in ("foring", "rapporteringskrav", "styringsmote", "risikovurdering"):
        assert len(rows(api.get(url(name)))) > 2, name
        one = count_queries(api, url(name) + "?limit=1")
        assert count_queries(api, url(name)) == one, name


# Reporting requirements


def test_reporting_requirements_are_read_only_with_their_periods(brev, users, api_for):
    api = api_for(users["bufdir_styrer"])
    monthly = rows(api.get(url("rapporteringskrav"), {"rapporttype": "maanedsrapport"}))
    assert len(monthly) == 1
    periods = monthly[0]["perioder"]
    assert len(periods) == 12
    assert periods[0] == {"fra": "2023-01-01", "til": "2023-01-31", "frist": "2023-02-15"}
    assert periods[-1]["frist"] == "2024-01-15"
    requirement = Rapporteringskrav.objects.filter(brev=brev["bufdir"]).first()
    assert api.patch(url("rapporteringskrav", requirement.pk), {"navn": "X"}).status_code == 405
    assert api.post(url("rapporteringskrav"), {}).status_code == 405
    assert rows(api_for(users["vel_rapportor"]).get(url("rapporteringskrav"))) == []
    response = api.get(url("rapporteringskrav"), {"virksomhet": "BFE"})
    assert rows(response) == []


# Meetings


def meeting(**changes):
    return {"virksomhet": "BFE", "type": "etatsstyringsmote", "dato": "2026-03-10"} | changes


def test_only_the_steering_department_writes_meetings(brev, users, api_for):
    response = api_for(users["bfe_rapportor"]).post(url("styringsmote"), meeting())
    assert response.status_code == 403
    # An agency outside the user's scope is unknown to it: 400, as for any bad code.
    response = api_for(users["vel_rapportor"]).post(url("styringsmote"), meeting())
    assert response.status_code == 400
    assert list(response.json()) == ["virksomhet"]
    api = api_for(users["set_styrer"])
    response = api.post(
        url("styringsmote"),
        meeting(start="09:00", slutt="10:30", brev=brev["bfe"].pk, tema="Økonomi"),
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["virksomhet"] == "BFE"
    assert api_for(users["bfe_leser"]).get(url("styringsmote", created["id"])).status_code == 200
    assert (
        api_for(users["bfe_rapportor"]).patch(url("styringsmote", created["id"]), {"sted": "X"})
    ).status_code == 403
    assert api.patch(url("styringsmote", created["id"]), {"sted": "Rådhuset"}).status_code == 200
    # A styrer does not steer its own department.
    assert api.post(url("styringsmote"), meeting(virksomhet="SET")).status_code == 403
    assert api.delete(url("styringsmote", created["id"])).status_code == 204


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "10:00", "slutt": "09:00"}, "slutt"),
        ({"slutt": "09:00"}, "start"),
        ({"dato": "i morgen"}, "dato"),
    ],
)
def test_meeting_times_are_validated(brev, users, api_for, changes, field):
    response = api_for(users["set_styrer"]).post(url("styringsmote"), meeting(**changes))
    assert response.status_code == 400
    assert field in response.json()


def test_a_meetings_letter_is_a_letter_to_its_agency(brev, users, api_for, superuser):
    response = api_for(superuser).post(url("styringsmote"), meeting(brev=brev["bufdir"].pk))
    assert response.status_code == 400
    assert "brev" in response.json()


def test_meeting_changes_are_checked_on_the_whole_meeting(brev, users, api_for):
    api = api_for(users["set_styrer"])
    created = api.post(url("styringsmote"), meeting(start="09:00", slutt="10:00")).json()
    response = api.patch(url("styringsmote", created["id"]), {"start": "11:00"})
    assert response.status_code == 400
    assert "slutt" in response.json()


def test_meeting_filters(brev, users, api_for):
    api = api_for(users["bufdir_styrer"])
    all_meetings = rows(api.get(url("styringsmote")))
    assert (
        len(all_meetings)
        == Styringsmote.objects.filter(virksomhet__styres_av__kode="Bufdir").count()
    )
    one = Styringsmote.objects.filter(virksomhet__kode="region-ost").first()
    by_agency = rows(api.get(url("styringsmote"), {"virksomhet": "region-ost"}))
    assert by_agency
    assert {row["virksomhet"] for row in by_agency} == {"region-ost"}
    year = one.dato.year
    assert (
        len(rows(api.get(url("styringsmote"), {"aar": year})))
        == Styringsmote.objects.filter(
            dato__year=year, virksomhet__styres_av__kode="Bufdir"
        ).count()
    )
    assert rows(api.get(url("styringsmote"), {"aar": year + 10})) == []
    day = one.dato.isoformat()
    window = rows(api.get(url("styringsmote"), {"fra": day, "til": day}))
    assert window
    assert {row["dato"] for row in window} == {day}
    kind = rows(api.get(url("styringsmote"), {"type": one.type}))
    assert kind
    assert {row["type"] for row in kind} == {one.type}
    assert rows(api_for(users["vel_rapportor"]).get(url("styringsmote"))) == []


# Risk assessments


def bfe_goal(brev):
    return Maal.objects.filter(brev=brev["bfe"], nivaa="tiltak").first()


def risk(maal, **changes):
    return {
        "virksomhet": "BFE",
        "maal": maal.pk,
        "tertial": 1,
        "risiko": "For få fosterhjem",
        "sannsynlighet": 3,
        "konsekvens": 5,
        "risikotoleranse": "middels",
        "eier": "Etatsdirektør",
    } | changes


def test_agency_staff_assess_risk_and_the_department_reads_it(brev, users, api_for):
    goal = bfe_goal(brev)
    response = api_for(users["set_styrer"]).post(url("risikovurdering"), risk(goal))
    assert response.status_code == 403
    response = api_for(users["bfe_leser"]).post(url("risikovurdering"), risk(goal))
    assert response.status_code == 403
    response = api_for(users["bfe_rapportor"]).post(url("risikovurdering"), risk(goal))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["aar"], body["risikotall"], body["nivaa"], body["over_toleranse"]) == (
        2026,
        15,
        "hoy",
        True,
    )
    assert api_for(users["set_styrer"]).get(url("risikovurdering", body["id"])).status_code == 200
    assert (
        api_for(users["vel_rapportor"]).get(url("risikovurdering", body["id"])).status_code == 404
    )
    response = api_for(users["set_styrer"]).patch(
        url("risikovurdering", body["id"]), {"tiltak": "X"}
    )
    assert response.status_code == 403
    response = api_for(users["bfe_rapportor"]).patch(
        url("risikovurdering", body["id"]), {"sannsynlighet": 1}
    )
    assert response.status_code == 200
    assert Risikovurdering.objects.get(pk=body["id"]).sannsynlighet == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sannsynlighet": 6}, "sannsynlighet"),
        ({"konsekvens": 0}, "konsekvens"),
        ({"aar": 2025}, "aar"),
        ({"tertial": 4}, "tertial"),
    ],
)
def test_bad_risk_assessments_get_400_with_field_errors(brev, users, api_for, changes, field):
    response = api_for(users["bfe_rapportor"]).post(
        url("risikovurdering"), risk(bfe_goal(brev), **changes)
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Risikovurdering.objects.exists()


def test_one_risk_assessment_per_goal_and_tertial(brev, users, api_for):
    api = api_for(users["bfe_rapportor"])
    assert api.post(url("risikovurdering"), risk(bfe_goal(brev))).status_code == 201
    response = api.post(url("risikovurdering"), risk(bfe_goal(brev)))
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Risikovurdering.objects.count() == 1


def test_risk_filters(brev, users, api_for):
    api = api_for(users["bfe_rapportor"])
    goal = bfe_goal(brev)
    api.post(url("risikovurdering"), risk(goal))
    api.post(url("risikovurdering"), risk(goal, tertial=2))
    assert len(rows(api.get(url("risikovurdering"), {"tertial": 2}))) == 1
    assert len(rows(api.get(url("risikovurdering"), {"brev": brev["bfe"].pk, "aar": 2026}))) == 2
    assert len(rows(api.get(url("risikovurdering"), {"maal": goal.pk, "virksomhet": "BFE"}))) == 2
    assert rows(api.get(url("risikovurdering"), {"virksomhet": "VEL"})) == []


# Schema


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in (
        "brev",
        "maal",
        "foringer",
        "rapporteringskrav",
        "styringsmoter",
        "risikovurderinger",
    ):
        assert f"/api/{path}/{{id}}/:" in schema


def test_schema_endpoint_lists_the_letters_api(client_for, users):
    response = client_for(users["bfe_leser"]).get(reverse("api:schema"))
    assert response.status_code == 200
    assert b"/api/risikovurderinger/" in response.content
