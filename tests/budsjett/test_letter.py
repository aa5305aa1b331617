"""What the budget adds to the letter and the shell: its part of section 4.3, the rød
tråd, the menu."""

from django.urls import reverse

from budsjett import letter
from budsjett.models import Budsjettabell, Budsjettendring
from styring import registries
from styring.models import Maal


def test_the_budget_is_registered_with_the_letter():
    part = registries.brevinnhold["budsjett"]
    assert part.template_name == "budsjett/_brev_budsjett.html"
    assert registries.rod_traad["budsjett"] is letter.rod_traad
    assert any(item.url_name == "budsjett:budsjett" for item in registries.menu)


def test_the_letters_part_holds_its_tables_for_the_user(brev, users):
    data = letter.hent_for_brev(brev=brev["bfe"], user=users["bfe_leser"])
    assert [view.tabell.type for view in data["tabeller"]] == [
        Budsjettabell.Type.DRIFT,
        Budsjettabell.Type.ENDRINGER,
        Budsjettabell.Type.RAMMEREDUKSJON,
        Budsjettabell.Type.INVESTERING,
        Budsjettabell.Type.INVESTERING,
    ]
    assert all(a.stemmer for a in data["avstemminger"])
    # A user of another agency who could open the letter would see no budget in it.
    assert letter.hent_for_brev(brev=brev["bfe"], user=users["vel_rapportor"])["tabeller"] == []


def test_a_change_linked_to_a_goal_shows_on_the_rod_traad(brev, users, client_for):
    goal = Maal.objects.get(brev=brev["bfe"], kode="1.2.2")
    change = Budsjettendring.objects.get(
        tekst="Bemanning og kvalitet i institusjoner og botiltak i barnevernet"
    )
    change.maal = goal
    change.save()
    links = letter.rod_traad(maal_ids=[goal.pk], user=users["bfe_leser"])
    (link,) = links[goal.pk]
    assert link.tekst == change.tekst
    assert link.url.startswith(reverse("budsjett:budsjett-virksomhet", args=["BFE", 2026]) + "#")
    assert "14\xa0000" in link.detalj
    assert letter.rod_traad(maal_ids=[goal.pk], user=users["vel_rapportor"]) == {}
    page = client_for(users["bfe_leser"]).get(
        reverse("styring:brev-rod-traad", args=[brev["bfe"].pk])
    )
    assert change.tekst in page.content.decode()
