"""Who sees which organisation, and what happens outside one's scope or role."""

import re
from pathlib import Path

import pytest
from django.urls import reverse, reverse_lazy

from styring.access import Action, Rolle, permits
from styring.models import Bruker, Virksomhet

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
    assert permits(users[name], action, virksomheter["BFE"]) is allowed


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
    ("set_styrer", "styring:virksomhet", "BFE", 200),
    ("set_styrer", "styring:virksomhet-endre", "BFE", 200),
    ("set_styrer", "styring:virksomhet", "region-ost", 404),
    ("set_leser", "styring:virksomhet", "SET", 200),
    ("set_leser", "styring:virksomhet", "BFE", 404),
    ("bfe_godkjenner", "styring:virksomhet", "BFE", 200),
    ("bfe_godkjenner", "styring:virksomhet-endre", "BFE", 403),
    ("bfe_rapportor", "styring:virksomhet", "BFE", 200),
    ("bfe_rapportor", "styring:virksomhet", "VEL", 404),
    ("bfe_rapportor", "styring:virksomhet-endre", "BFE", 403),
    ("bfe_rapportor", "styring:virksomhet-endre", "VEL", 404),
    ("bfe_leser", "styring:virksomhet-endre", "BFE", 403),
    ("vel_rapportor", "styring:virksomhet", "BFE", 404),
    ("uten_virksomhet", "styring:virksomhet", "BFE", 404),
    ("bufdir_styrer", "styring:virksomhet", "region-nord", 200),
    ("bufdir_styrer", "styring:virksomhet", "BFE", 404),
]


@pytest.mark.parametrize(("name", "url_name", "kode", "status"), PAGE_CASES)
def test_organisation_pages_answer_by_scope_and_role(
    client_for, users, name, url_name, kode, status
):
    response = client_for(users[name]).get(reverse(url_name, kwargs={"kode": kode}))
    assert response.status_code == status


def test_rapportor_cannot_change_another_agency_by_posting(client_for, users, virksomheter):
    response = client_for(users["bfe_rapportor"]).post(
        reverse("styring:virksomhet-endre", kwargs={"kode": "VEL"}), {"navn": "Kapret", "epost": ""}
    )
    assert response.status_code == 404
    virksomheter["VEL"].refresh_from_db()
    assert virksomheter["VEL"].navn == "Velferdsetaten"


def test_rapportor_cannot_change_own_agency_by_posting(client_for, users, virksomheter):
    response = client_for(users["bfe_rapportor"]).post(
        reverse("styring:virksomhet-endre", kwargs={"kode": "BFE"}), {"navn": "Endret", "epost": ""}
    )
    assert response.status_code == 403
    virksomheter["BFE"].refresh_from_db()
    assert virksomheter["BFE"].navn == "Barne- og familieetaten"


def test_organisation_list_page_shows_exactly_the_visible_organisations(client_for, users):
    page = client_for(users["set_styrer"]).get(reverse("styring:virksomhet-liste")).content.decode()
    for name in ["Barne- og familieetaten", "Velferdsetaten", "Helseetaten", "Utdanningsetaten"]:
        assert name in page
    assert "Bydel Grorud" not in page
    assert "region nord" not in page

    page = (
        client_for(users["bfe_rapportor"]).get(reverse("styring:virksomhet-liste")).content.decode()
    )
    assert "Barne- og familieetaten" in page
    assert "Velferdsetaten" not in page


def test_home_page_lists_the_agencies_a_department_officer_follows(client_for, users):
    page = client_for(users["set_styrer"]).get(reverse("styring:forside")).content.decode()
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
    "url",
    [
        reverse_lazy("styring:virksomhet-liste"),
        reverse_lazy("styring:virksomhet", kwargs={"kode": "SET"}),
    ],
)
def test_page_query_count_does_not_grow_with_organisations(client_for, users, virksomheter, url):
    client = client_for(users["set_styrer"])
    before = queries_on(client, url)
    add_steered_agencies(virksomheter, 25)
    assert "Ekstra 24" in client.get(url).content.decode()
    assert queries_on(client, url) == before


def test_the_menu_marks_only_the_current_section(client_for, users):
    page = client_for(users["bfe_leser"]).get(reverse("styring:virksomhet-liste")).content.decode()
    assert page.count('aria-current="page"') == 1
    assert '<a href="/virksomheter/" aria-current="page">Virksomheter</a>' in page


# --- the rule book, pinned ----------------------------------------------------------
#
# Every action for every role, on an organisation in each relation to the user's own:
# ``own``, one it ``steered`` (by the user's organisation), the one ``steering`` it (the
# user's department) and a ``stranger``; ``anywhere`` is permits() without an object.
# A department (SET) has no department over it and an agency (BFE) steers nobody: "-".

RELATIONS = {
    "SET": {"own": "SET", "steered": "BFE", "steering": None, "stranger": "region-ost"},
    "BFE": {"own": "BFE", "steered": None, "steering": "SET", "stranger": "VEL"},
}

RULE_BOOK = """
home role        action    own steered steering stranger anywhere
SET  styrer      view      yes yes     -        no       yes
SET  styrer      audit     yes yes     -        no       yes
SET  styrer      order     yes yes     -        no       yes
SET  styrer      report    no  no      -        no       no
SET  styrer      submit    no  no      -        no       no
SET  styrer      approve   no  yes     -        no       yes
SET  styrer      steer     no  yes     -        no       yes
SET  godkjenner  view      yes no      -        no       yes
SET  godkjenner  audit     no  no      -        no       no
SET  godkjenner  order     yes no      -        no       yes
SET  godkjenner  report    yes no      -        no       yes
SET  godkjenner  submit    yes no      -        no       yes
SET  godkjenner  approve   no  no      -        no       no
SET  godkjenner  steer     no  no      -        no       no
SET  rapportor   view      yes no      -        no       yes
SET  rapportor   audit     no  no      -        no       no
SET  rapportor   order     no  no      -        no       no
SET  rapportor   report    yes no      -        no       yes
SET  rapportor   submit    no  no      -        no       no
SET  rapportor   approve   no  no      -        no       no
SET  rapportor   steer     no  no      -        no       no
SET  leser       view      yes no      -        no       yes
SET  leser       audit     no  no      -        no       no
SET  leser       order     no  no      -        no       no
SET  leser       report    no  no      -        no       no
SET  leser       submit    no  no      -        no       no
SET  leser       approve   no  no      -        no       no
SET  leser       steer     no  no      -        no       no
BFE  godkjenner  view      yes -       no       no       yes
BFE  godkjenner  audit     no  -       no       no       no
BFE  godkjenner  order     yes -       no       no       yes
BFE  godkjenner  report    yes -       no       no       yes
BFE  godkjenner  submit    yes -       no       no       yes
BFE  godkjenner  approve   no  -       no       no       no
BFE  godkjenner  steer     no  -       no       no       no
BFE  rapportor   view      yes -       no       no       yes
BFE  rapportor   audit     no  -       no       no       no
BFE  rapportor   order     no  -       no       no       no
BFE  rapportor   report    yes -       no       no       yes
BFE  rapportor   submit    no  -       no       no       no
BFE  rapportor   approve   no  -       no       no       no
BFE  rapportor   steer     no  -       no       no       no
BFE  leser       view      yes -       no       no       yes
BFE  leser       audit     no  -       no       no       no
BFE  leser       order     no  -       no       no       no
BFE  leser       report    no  -       no       no       no
BFE  leser       submit    no  -       no       no       no
BFE  leser       approve   no  -       no       no       no
BFE  leser       steer     no  -       no       no       no
"""


def rule_book_rows(table):
    header, *rows = (line.split() for line in table.strip().splitlines())
    return [dict(zip(header, row, strict=True)) for row in rows]


RULE_BOOK_ROWS = rule_book_rows(RULE_BOOK)


def test_the_table_covers_every_action_and_every_role_a_home_can_have():
    pairs = {(row["home"], row["role"], row["action"]) for row in RULE_BOOK_ROWS}
    assert len(pairs) == len(RULE_BOOK_ROWS)
    for home, roles in {"SET": set(Rolle), "BFE": set(Rolle) - {Rolle.STYRER}}.items():
        assert {(r, a) for h, r, a in pairs if h == home} == {(r, a) for r in roles for a in Action}


@pytest.mark.parametrize(
    "row", RULE_BOOK_ROWS, ids=lambda row: f"{row['home']}-{row['role']}-{row['action']}"
)
def test_the_rule_book(make_user, virksomheter, row):
    user = make_user(row["home"], row["role"])
    action = Action(row["action"])
    for relation, kode in RELATIONS[row["home"]].items():
        if kode is None:
            assert row[relation] == "-"
            continue
        expected = row[relation] == "yes"
        assert permits(user, action, virksomheter[kode]) is expected, relation
        listed = Virksomhet.objects.for_user(user, action).filter(kode=kode).exists()
        assert listed is expected, f"{relation} (for_user)"
    assert permits(user, action) is (row["anywhere"] == "yes"), "anywhere"


def test_a_superuser_may_do_everything_and_a_user_without_organisation_nothing(
    make_user, virksomheter
):
    superuser = Bruker.objects.create_superuser("admin", password="et-langt-passord-2026")
    nobody = make_user(None, "")
    for action in Action:
        assert permits(superuser, action)
        assert permits(superuser, action, virksomheter["region-ost"])
        assert not permits(nobody, action)
        assert not permits(nobody, action, virksomheter["BFE"])


# --- the same rule on the objects of the domain ---------------------------------------
#
# Each model names the organisation that reports on it and the one that steers it. On
# BFE's objects the department (SET) approves and steers, BFE reports and submits,
# whatever the role of a SET user. In the first table SET takes part in the object (it
# issued the letter or assignment, it owns the obligation) and so its readers see it; in
# the second the object is BFE's alone.

SHARED_WITH_THE_DEPARTMENT = """
user            view report submit approve steer
set_styrer      yes  no     no     yes     yes
set_godkjenner  yes  no     no     no      no
set_rapportor   yes  no     no     no      no
set_leser       yes  no     no     no      no
bfe_godkjenner  yes  yes    yes    no      no
bfe_rapportor   yes  yes    no     no      no
bfe_leser       yes  no     no     no      no
vel_godkjenner  no   no     no     no      no
"""

THE_AGENCYS_OWN = """
user            view report submit approve steer
set_styrer      yes  no     no     yes     yes
set_godkjenner  no   no     no     no      no
set_rapportor   no   no     no     no      no
set_leser       no   no     no     no      no
bfe_godkjenner  yes  yes    yes    no      no
bfe_rapportor   yes  yes    no     no      no
bfe_leser       yes  no     no     no      no
vel_godkjenner  no   no     no     no      no
"""


@pytest.fixture
def bfe_objects(brev, feb):
    import datetime

    from budsjett.models import Budsjettrapport
    from oppdrag.models import Leveranse, Oppdrag, Statusendring
    from styring.models import Maal, Risikovurdering, Styringsmote

    bfe, letter = feb.virksomhet, brev["bfe"]
    assert set(letter.mottakere.values_list("kode", flat=True)) == {"BFE"}
    oppdrag = Oppdrag.objects.filter(brev=letter, ansvarlige=bfe).first()
    assert set(oppdrag.ansvarlige.values_list("kode", flat=True)) == {"BFE"}
    day = datetime.date(2026, 3, 1)
    return {
        SHARED_WITH_THE_DEPARTMENT: [
            letter,
            oppdrag,
            Leveranse.objects.create(oppdrag=oppdrag, dato=day, lenke="https://example.org/"),
            Statusendring.objects.create(
                oppdrag=oppdrag, fra_status="ikke_startet", til_status="paagaar", utfort_av="BFE"
            ),
            feb,
        ],
        THE_AGENCYS_OWN: [
            Budsjettrapport.objects.create(virksomhet=bfe, aar=2026, type="regnskap", periode=1),
            Risikovurdering.objects.create(
                virksomhet=bfe,
                maal=Maal.objects.filter(brev=letter).exclude(kode="").first(),
                aar=2026,
                tertial=1,
                risiko="Risiko",
                sannsynlighet=2,
                konsekvens=2,
                risikotoleranse="lav",
                eier="Direktør",
            ),
            Styringsmote.objects.create(
                virksomhet=bfe, brev=letter, type="etatsstyringsmote", dato=day
            ),
        ],
    }


@pytest.mark.parametrize("table", [SHARED_WITH_THE_DEPARTMENT, THE_AGENCYS_OWN])
def test_the_department_steers_and_the_agency_reports_on_every_kind_of_object(
    users, make_user, bfe_objects, table
):
    users = {
        **users,
        "set_godkjenner": make_user("SET", Rolle.GODKJENNER),
        "set_rapportor": make_user("SET", Rolle.RAPPORTOR),
        "vel_godkjenner": make_user("VEL", Rolle.GODKJENNER),
    }
    actions = [Action.VIEW, Action.REPORT, Action.SUBMIT, Action.APPROVE, Action.STEER]
    found = []
    for row in rule_book_rows(table):
        user = users[row["user"]]
        for obj in bfe_objects[table]:
            for action in actions:
                if permits(user, action, obj) is not (row[action] == "yes"):
                    found.append(f"{row['user']} {action} {type(obj).__name__}")
    assert not found


# --- one place ------------------------------------------------------------------------

APP_DIRS = ("config", "styring", "oppdrag:oppdrag", "indikatorer", "budsjett:budsjett")
# ``Model.objects.permits()`` and ``kan_*`` helpers that decide a permission are gone:
# callers ask ``permits()``. ``kan_endres`` says whether a report's status still lets it
# change; it is a fact about the report, not a permission.
NOT_ONE_PLACE = re.compile(
    r"\.objects\.permits\(|\bdef kan_(?!endres\b)\w+|\bkan_(?!endres\b)\w+\("
)


def app_files():
    root = Path(__file__).resolve().parents[2]
    for folder in APP_DIRS:
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")


def test_permissions_are_asked_of_the_rule_book_only():
    found = {
        name: NOT_ONE_PLACE.findall(text)
        for name, text in app_files()
        if NOT_ONE_PLACE.search(text)
    }
    assert found == {}


def test_logins_are_required_by_the_middleware_only():
    found = [
        name
        for name, text in app_files()
        if "LoginRequiredMixin" in text or "handle_no_permission" in text
    ]
    assert found == []
