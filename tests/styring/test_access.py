"""Who sees which organisation, and what happens outside one's scope or role."""

import pytest
from django.urls import reverse, reverse_lazy

from styring.access import Action
from styring.models import Virksomhet

pytestmark = pytest.mark.django_db

STEERED_BY_SET = {"BFE", "VEL", "HEL", "UDE"}
BUFETAT_REGIONS = {"region-ost", "region-sor", "region-vest", "region-midt-norge", "region-nord"}


def codes(queryset):
    return set(queryset.values_list("kode", flat=True))


def test_department_officer_sees_own_department_and_the_agencies_it_steers(users):
    visible = codes(Virksomhet.objects.for_user(users["set_styrer"]))
    assert visible == {"SET"} | STEERED_BY_SET


def test_department_officer_steers_only_the_steered_agencies(users):
    assert codes(Virksomhet.objects.for_user(users["set_styrer"], Action.STEER)) == STEERED_BY_SET


def test_directorate_officer_sees_its_regions_and_no_municipal_agency(users):
    visible = codes(Virksomhet.objects.for_user(users["bufdir_styrer"]))
    assert visible == {"Bufdir"} | BUFETAT_REGIONS


@pytest.mark.parametrize("name", ["bfe_godkjenner", "bfe_rapportor", "bfe_leser"])
def test_agency_staff_see_only_their_own_agency(users, name):
    assert codes(Virksomhet.objects.for_user(users[name])) == {"BFE"}


@pytest.mark.parametrize(
    ("name", "action", "allowed"),
    [
        ("bfe_rapportor", Action.REPORT, True),
        ("bfe_rapportor", Action.APPROVE, False),
        ("bfe_rapportor", Action.STEER, False),
        ("bfe_godkjenner", Action.SUBMIT, True),
        ("bfe_godkjenner", Action.APPROVE, False),
        ("bfe_godkjenner", Action.STEER, False),
        ("bfe_leser", Action.REPORT, False),
        ("set_styrer", Action.STEER, True),
        ("set_styrer", Action.APPROVE, True),
        ("set_styrer", Action.REPORT, False),
        ("set_leser", Action.VIEW, False),
        ("vel_rapportor", Action.VIEW, False),
        ("uten_virksomhet", Action.VIEW, False),
    ],
)
def test_actions_on_bfe_follow_the_role(users, virksomheter, name, action, allowed):
    assert Virksomhet.objects.permits(users[name], action, virksomheter["BFE"]) is allowed


def test_inactive_and_anonymous_users_see_nothing(users):
    from django.contrib.auth.models import AnonymousUser

    officer = users["set_styrer"]
    officer.is_active = False
    assert not Virksomhet.objects.for_user(officer).exists()
    assert not Virksomhet.objects.for_user(AnonymousUser()).exists()


def test_only_steering_organisations_can_have_a_department_officer(make_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="styrer"):
        make_user("BFE", "styrer")


# --- pages ------------------------------------------------------------------------

PAGE_CASES = [
    # (user, url name, organisation code, expected status)
    ("set_styrer", "virksomhet", "BFE", 200),
    ("set_styrer", "virksomhet-endre", "BFE", 200),
    ("set_styrer", "virksomhet", "region-ost", 404),
    ("set_leser", "virksomhet", "SET", 200),
    ("set_leser", "virksomhet", "BFE", 404),
    ("bfe_godkjenner", "virksomhet", "BFE", 200),
    ("bfe_godkjenner", "virksomhet-endre", "BFE", 403),
    ("bfe_rapportor", "virksomhet", "BFE", 200),
    ("bfe_rapportor", "virksomhet", "VEL", 404),
    ("bfe_rapportor", "virksomhet-endre", "BFE", 403),
    ("bfe_rapportor", "virksomhet-endre", "VEL", 404),
    ("bfe_leser", "virksomhet-endre", "BFE", 403),
    ("vel_rapportor", "virksomhet", "BFE", 404),
    ("uten_virksomhet", "virksomhet", "BFE", 404),
    ("bufdir_styrer", "virksomhet", "region-nord", 200),
    ("bufdir_styrer", "virksomhet", "BFE", 404),
]


@pytest.mark.parametrize(("name", "url_name", "kode", "status"), PAGE_CASES)
def test_organisation_pages_answer_by_scope_and_role(
    client_for, users, name, url_name, kode, status
):
    response = client_for(users[name]).get(reverse(url_name, kwargs={"kode": kode}))
    assert response.status_code == status


def test_rapportor_cannot_change_another_agency_by_posting(client_for, users, virksomheter):
    response = client_for(users["bfe_rapportor"]).post(
        reverse("virksomhet-endre", kwargs={"kode": "VEL"}), {"navn": "Kapret", "epost": ""}
    )
    assert response.status_code == 404
    virksomheter["VEL"].refresh_from_db()
    assert virksomheter["VEL"].navn == "Velferdsetaten"


def test_rapportor_cannot_change_own_agency_by_posting(client_for, users, virksomheter):
    response = client_for(users["bfe_rapportor"]).post(
        reverse("virksomhet-endre", kwargs={"kode": "BFE"}), {"navn": "Endret", "epost": ""}
    )
    assert response.status_code == 403
    virksomheter["BFE"].refresh_from_db()
    assert virksomheter["BFE"].navn == "Barne- og familieetaten"


def test_organisation_list_page_shows_exactly_the_visible_organisations(client_for, users):
    page = client_for(users["set_styrer"]).get(reverse("virksomhet-liste")).content.decode()
    for name in ["Barne- og familieetaten", "Velferdsetaten", "Helseetaten", "Utdanningsetaten"]:
        assert name in page
    assert "Bydel Grorud" not in page
    assert "region nord" not in page

    page = client_for(users["bfe_rapportor"]).get(reverse("virksomhet-liste")).content.decode()
    assert "Barne- og familieetaten" in page
    assert "Velferdsetaten" not in page


def test_home_page_lists_the_agencies_a_department_officer_follows(client_for, users):
    page = client_for(users["set_styrer"]).get(reverse("forside")).content.decode()
    for code in STEERED_BY_SET:
        assert f"({code})" in page
    assert "Du jobber i Byrådsavdeling for sosiale tjenester som styrer." in page


def queries_on(client, url):
    """The number of queries one request for ``url`` makes (after a warm-up request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_steered_agencies(virksomheter, count):
    for i in range(count):
        Virksomhet.objects.create(
            kode=f"ekstra-{i}", navn=f"Ekstra {i}", type="etat", styres_av=virksomheter["SET"]
        )


@pytest.mark.parametrize(
    "url", [reverse_lazy("virksomhet-liste"), reverse_lazy("virksomhet", kwargs={"kode": "SET"})]
)
def test_page_query_count_does_not_grow_with_organisations(client_for, users, virksomheter, url):
    client = client_for(users["set_styrer"])
    before = queries_on(client, url)
    add_steered_agencies(virksomheter, 25)
    assert "Ekstra 24" in client.get(url).content.decode()
    assert queries_on(client, url) == before


def test_the_menu_marks_only_the_current_section(client_for, users):
    page = client_for(users["bfe_leser"]).get(reverse("virksomhet-liste")).content.decode()
    assert page.count('aria-current="page"') == 1
    assert '<a href="/virksomheter/" aria-current="page">Virksomheter</a>' in page
