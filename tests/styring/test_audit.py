"""Every change to a domain object is recorded: who, when, old → new."""

import pytest
from django.urls import reverse

from styring.audit import acting_as
from styring.models import Endring, Virksomhet

pytestmark = pytest.mark.django_db


def test_an_edit_through_the_page_is_recorded_with_old_and_new_value(
    client_for, users, virksomheter
):
    client = client_for(users["set_styrer"])
    response = client.post(
        reverse("styring:virksomhet-endre", kwargs={"kode": "BFE"}),
        {"navn": "Barne- og familieetaten", "epost": "postmottak@bfe.oslo.kommune.no"},
    )
    assert response.status_code == 302

    entry = Endring.objects.for_object(virksomheter["BFE"]).get()
    assert entry.bruker == users["set_styrer"]
    assert entry.utfort_av == "set-styrer"
    assert entry.handling == Endring.Handling.ENDRET
    assert entry.endringer == {"epost": ["", "postmottak@bfe.oslo.kommune.no"]}
    assert entry.virksomhet == virksomheter["BFE"]


def test_an_edit_through_the_api_is_recorded(users, virksomheter):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=users["set_styrer"])
    api = APIClient(headers={"authorization": f"Token {token.key}"})
    response = api.patch(
        reverse("api:styring:virksomhet-detail", kwargs={"kode": "VEL"}),
        {"navn": "Velferdsetaten Oslo"},
    )
    assert response.status_code == 200
    entry = Endring.objects.for_object(virksomheter["VEL"]).get()
    assert entry.bruker == users["set_styrer"]
    assert entry.endringer == {"navn": ["Velferdsetaten", "Velferdsetaten Oslo"]}


def test_create_and_delete_are_recorded_and_unchanged_saves_are_not(uten_brev):
    with acting_as("test"):
        org = Virksomhet.objects.create(kode="NY", navn="Ny etat", type="etat")
        org.save()  # nothing changed: no entry
        pk = org.pk
        org.delete()
    entries = Endring.objects.filter(objekt_id=str(pk)).order_by("pk")
    assert [e.handling for e in entries] == ["opprettet", "slettet"]
    assert entries[0].endringer["navn"] == [None, "Ny etat"]
    assert entries[1].endringer["navn"] == ["Ny etat", None]
    assert entries[0].utfort_av == "test"


def test_an_instance_not_loaded_from_the_database_still_records_the_old_value(virksomheter):
    stale = Virksomhet(
        pk=virksomheter["HEL"].pk,
        kode="HEL",
        navn="Helseetaten i Oslo",
        type="etat",
        styres_av=virksomheter["SET"],
    )
    stale.save()
    entry = Endring.objects.for_object(virksomheter["HEL"]).get()
    assert entry.endringer == {"navn": ["Helseetaten", "Helseetaten i Oslo"]}
    assert entry.utfort_av == "system"


def test_passwords_and_login_times_never_reach_the_trail(users):
    user = users["bfe_leser"]
    user.set_password("et-helt-nytt-passord-2026")
    user.save()
    for entry in Endring.objects.for_object(user):
        assert "password" not in entry.endringer
        assert "last_login" not in entry.endringer


def test_the_trail_is_shown_to_department_staff_only(client_for, users, virksomheter):
    with acting_as(users["set_styrer"]):
        org = virksomheter["BFE"]
        org.epost = "post@bfe.oslo.kommune.no"
        org.save()
    url = reverse("styring:virksomhet", kwargs={"kode": "BFE"})

    page = client_for(users["set_styrer"]).get(url).content.decode()
    assert "Endringslogg" in page
    assert "post@bfe.oslo.kommune.no" in page
    assert "set-styrer" in page

    page = client_for(users["bfe_godkjenner"]).get(url).content.decode()
    assert "Endringslogg" not in page
    assert "set-styrer" not in page


def test_audit_entries_are_scoped_like_their_objects(users, virksomheter):
    with acting_as("test"):
        for code in ("BFE", "VEL"):
            org = virksomheter[code]
            org.epost = f"post@{code.lower()}.oslo.kommune.no"
            org.save()
    from styring.access import Action

    org_entries = Endring.objects.filter(content_type__model="virksomhet")
    officer = org_entries.for_user(users["set_styrer"], Action.AUDIT)
    assert sorted(e.virksomhet.kode for e in officer) == ["BFE", "VEL"]
    assert not org_entries.for_user(users["bfe_godkjenner"], Action.AUDIT).exists()
    assert [e.virksomhet.kode for e in org_entries.for_user(users["bfe_godkjenner"])] == ["BFE"]


def test_the_trail_names_related_objects_and_choices_as_they_were(virksomheter):
    with acting_as("test"):
        org = virksomheter["UDE"]
        org.styres_av = virksomheter["Bufdir"]
        org.type = "direktorat"
        org.save()
    entry = Endring.objects.for_object(org).get()
    assert entry.endringer["styres_av_id"] == [virksomheter["SET"].pk, virksomheter["Bufdir"].pk]
    rows = {str(label): (old, new) for label, old, new in entry.rader()}
    assert rows["styres av"] == (
        "Byrådsavdeling for sosiale tjenester",
        "Barne-, ungdoms- og familiedirektoratet",
    )
    assert rows["type"] == ("Etat", "Direktorat")

    virksomheter["SET"].navn = "Byrådsavdeling for sosiale tjenester (omdøpt)"
    virksomheter["SET"].save()
    entry.refresh_from_db()
    rows = {str(label): (old, new) for label, old, new in entry.rader()}
    assert rows["styres av"][0] == "Byrådsavdeling for sosiale tjenester"
