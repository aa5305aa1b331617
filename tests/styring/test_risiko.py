"""The agency's risk assessment of the letter's goals: matrix, forms, history, scope."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styring.models import Maal, Risikovurdering

pytestmark = pytest.mark.django_db

# The level names as shown: Norwegian once the catalogue is translated, English before.
HIGH = ("Høy", "High")
MEDIUM = ("Middels", "Medium")


def maal(brev, kode):
    return Maal.objects.get(brev=brev["bfe"], kode=kode)


def matrise_url(brev, kode="BFE", **query):
    url = reverse("styring:risiko-matrise", kwargs={"brev_pk": brev["bfe"].pk, "kode": kode})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def ny_url(brev, kode="BFE"):
    return reverse("styring:risiko-ny", kwargs={"brev_pk": brev["bfe"].pk, "kode": kode})


def skjema(brev, kode="1.2.1", **endret):
    data = {
        "maal": maal(brev, kode).pk,
        "tertial": 1,
        "risiko": "For få fosterhjem i bydelene",
        "sannsynlighet": 4,
        "konsekvens": 5,
        "risikotoleranse": "middels",
        "tiltak": "Felles rekrutteringskampanje",
        "eier": "Seksjonsleder fosterhjem",
    }
    data.update(endret)
    return data


def vurdering(brev, virksomheter, kode="1.2.1", tertial=1, s=2, k=3, **felt):
    return Risikovurdering.objects.create(
        virksomhet=virksomheter["BFE"],
        maal=maal(brev, kode),
        aar=brev["bfe"].aar,
        tertial=tertial,
        risiko=felt.pop("risiko", f"Risiko {kode} T{tertial}"),
        sannsynlighet=s,
        konsekvens=k,
        risikotoleranse=felt.pop("risikotoleranse", "middels"),
        eier=felt.pop("eier", "Etatsdirektør"),
        **felt,
    )


def celle(page, s, k):
    match = re.search(rf'<td id="risiko-celle-{s}-{k}"[^>]*>(.*?)</td>', page, re.DOTALL)
    assert match, f"no cell for likelihood {s}, consequence {k}"
    return match.group(1)


def test_rapportor_creates_an_assessment_and_sees_it_in_the_matrix(client_for, users, brev):
    client = client_for(users["bfe_rapportor"])
    response = client.post(ny_url(brev), skjema(brev))
    assert response.status_code == 302
    assert response.url == matrise_url(brev, aar=2026, tertial=1)

    saved = Risikovurdering.objects.get()
    assert (saved.maal.kode, saved.aar, saved.tertial) == ("1.2.1", 2026, 1)
    assert (saved.sannsynlighet, saved.konsekvens, saved.risikotoleranse) == (4, 5, "middels")
    assert saved.virksomhet.kode == "BFE"
    assert saved.eier == "Seksjonsleder fosterhjem"

    page = client.get(response.url).content.decode()
    cell = celle(page, 4, 5)
    assert "1.2.1" in cell
    assert any(name in cell for name in HIGH)
    assert "1.2.1" not in celle(page, 5, 4)
    # The table alternative carries the same assessment, over tolerance said in words.
    assert "For få fosterhjem i bydelene" in page
    assert "Over tolerance" in page or "Over toleranse" in page
    # The success message is shown after the redirect.
    assert 'class="meldinger"' in page


def test_every_cell_names_its_level_not_only_its_colour(client_for, users, brev):
    page = client_for(users["bfe_leser"]).get(matrise_url(brev)).content.decode()
    assert any(name in celle(page, 1, 1) for name in ("Lav", "Low"))
    assert any(name in celle(page, 1, 5) for name in MEDIUM)
    assert any(name in celle(page, 5, 5) for name in HIGH)
    assert "<caption>" in page
    assert 'scope="col"' in page
    assert 'scope="row"' in page


def test_department_officer_sees_the_matrix_but_cannot_assess(client_for, users, brev):
    client = client_for(users["set_styrer"])
    assert client.get(matrise_url(brev)).status_code == 200
    assert client.get(ny_url(brev)).status_code == 403
    assert client.post(ny_url(brev), skjema(brev)).status_code == 403
    assert not Risikovurdering.objects.exists()


@pytest.mark.parametrize(("name", "status"), [("bfe_leser", 403), ("bfe_godkjenner", 200)])
def test_only_reporters_and_approvers_of_the_agency_may_assess(
    client_for, users, brev, name, status
):
    assert client_for(users[name]).get(ny_url(brev)).status_code == status


def test_another_agency_gets_404_on_matrix_and_forms(client_for, users, brev, virksomheter):
    row = vurdering(brev, virksomheter)
    client = client_for(users["vel_rapportor"])
    assert client.get(matrise_url(brev)).status_code == 404
    assert client.get(ny_url(brev)).status_code == 404
    assert client.get(reverse("styring:risiko-endre", args=[row.pk])).status_code == 404
    response = client.post(reverse("styring:risiko-endre", args=[row.pk]), {"eier": "Kapret"})
    assert response.status_code == 404
    history = reverse("styring:risiko-historikk", args=[row.maal_id, "BFE"])
    assert client.get(history).status_code == 404
    row.refresh_from_db()
    assert row.eier == "Etatsdirektør"


def test_matrix_of_an_agency_that_is_not_a_recipient_is_404(client_for, users, brev):
    # The department steers VEL, but the BFE letter is not addressed to VEL.
    assert client_for(users["set_styrer"]).get(matrise_url(brev, "VEL")).status_code == 404


def test_likelihood_six_is_refused_and_nothing_saved(client_for, users, brev):
    response = client_for(users["bfe_rapportor"]).post(ny_url(brev), skjema(brev, sannsynlighet=6))
    assert response.status_code == 200
    assert "sannsynlighet" in response.context["form"].errors
    assert 'id="skjemafeil"' in response.content.decode()
    assert not Risikovurdering.objects.exists()


def test_a_goal_of_another_letter_is_refused(client_for, users, brev):
    other = Maal.objects.filter(brev=brev["bufdir"]).first()
    response = client_for(users["bfe_rapportor"]).post(ny_url(brev), skjema(brev, maal=other.pk))
    assert response.status_code == 200
    assert "maal" in response.context["form"].errors
    assert not Risikovurdering.objects.exists()


def test_the_same_goal_and_tertial_twice_is_refused(client_for, users, brev, virksomheter):
    vurdering(brev, virksomheter)
    response = client_for(users["bfe_rapportor"]).post(ny_url(brev), skjema(brev))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Risikovurdering.objects.count() == 1


def test_the_goal_choice_offers_only_the_letters_goals(client_for, users, brev):
    form = client_for(users["bfe_rapportor"]).get(ny_url(brev)).context["form"]
    codes = {m.kode for m in form.fields["maal"].queryset}
    assert codes == {"1.2", "1.2.1", "1.2.2", "1.3", "1.3.1", "1.3.2", "1.3.3"}
    assert [value for value, _label in form.fields["tertial"].choices] == [1, 2, 3]


def test_new_form_can_copy_the_previous_tertial(client_for, users, brev, virksomheter):
    vurdering(brev, virksomheter, tertial=1, s=3, k=4, tiltak="Kampanje")
    client = client_for(users["bfe_rapportor"])
    url = f"{ny_url(brev)}?maal={maal(brev, '1.2.1').pk}&tertial=2"

    offer = client.get(url)
    assert offer.context["forrige"] is not None
    assert "kopier=1" in offer.content.decode()
    assert offer.context["form"].initial.get("sannsynlighet") is None

    copied = client.get(url + "&kopier=1").context["form"]
    assert copied.initial["tertial"] == 2
    assert copied.initial["maal"].kode == "1.2.1"
    assert (copied.initial["sannsynlighet"], copied.initial["konsekvens"]) == (3, 4)
    assert copied.initial["tiltak"] == "Kampanje"


def test_odd_query_parameters_never_break_the_pages(client_for, users, brev):
    client = client_for(users["bfe_rapportor"])
    assert client.get(matrise_url(brev, tertial="x", aar="99999999999999")).status_code == 200
    assert client.get(matrise_url(brev, tertial=9)).status_code == 200
    assert client.get(f"{ny_url(brev)}?maal=abc&tertial=7&kopier=1").status_code == 200
    assert client.get(f"{ny_url(brev)}?maal=99999999999999999999999").status_code == 200


def test_matrix_defaults_to_the_latest_tertial_with_assessments(
    client_for, users, brev, virksomheter
):
    vurdering(brev, virksomheter, tertial=1)
    vurdering(brev, virksomheter, tertial=2)
    response = client_for(users["bfe_leser"]).get(matrise_url(brev))
    assert response.context["tertial"] == 2
    assert response.context["aar"] == 2026


def test_matrix_lists_goals_without_assessment_with_links_for_reporters(
    client_for, users, brev, virksomheter
):
    row = vurdering(brev, virksomheter, kode="1.2.1")
    response = client_for(users["bfe_rapportor"]).get(matrise_url(brev, tertial=1))
    missing = {m.kode for m in response.context["uten_vurdering"]}
    assert missing == {"1.2", "1.2.2", "1.3", "1.3.1", "1.3.2", "1.3.3"}
    assert f"?maal={maal(brev, '1.2.2').pk}&amp;tertial=1" in response.content.decode()

    page = client_for(users["set_styrer"]).get(matrise_url(brev, tertial=1)).content.decode()
    assert "/ny/?maal=" not in page
    assert reverse("styring:risiko-endre", args=[row.pk]) not in page
    assert reverse("styring:risiko-historikk", args=[row.maal_id, "BFE"]) in page


def test_edit_saves_and_returns_to_the_matrix(client_for, users, brev, virksomheter):
    row = vurdering(brev, virksomheter, tertial=2)
    client = client_for(users["bfe_godkjenner"])
    url = reverse("styring:risiko-endre", args=[row.pk])
    form = client.get(url).context["form"]
    data = {**skjema(brev, konsekvens=1), "versjon": form["versjon"].value()}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == matrise_url(brev, aar=2026, tertial=2)
    row.refresh_from_db()
    assert (row.konsekvens, row.tertial) == (1, 2)


def test_department_officer_may_not_edit(client_for, users, brev, virksomheter):
    row = vurdering(brev, virksomheter)
    client = client_for(users["set_styrer"])
    assert client.get(reverse("styring:risiko-endre", args=[row.pk])).status_code == 403
    response = client.post(
        reverse("styring:risiko-endre", args=[row.pk]), skjema(brev, eier="Byråd")
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.eier == "Etatsdirektør"


def test_a_change_saved_meanwhile_by_somebody_else_is_not_overwritten(
    client_for, users, brev, virksomheter
):
    row = vurdering(brev, virksomheter)
    client = client_for(users["bfe_rapportor"])
    url = reverse("styring:risiko-endre", args=[row.pk])
    stale = client.get(url).context["form"]["versjon"].value()

    other = Risikovurdering.objects.get(pk=row.pk)
    other.eier = "Ny eier fra kollega"
    other.save()

    response = client.post(url, {**skjema(brev, eier="Min eier"), "versjon": stale})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'id="skjemafeil"' in response.content.decode()
    row.refresh_from_db()
    assert row.eier == "Ny eier fra kollega"


def test_history_shows_each_tertial(client_for, users, brev, virksomheter):
    vurdering(brev, virksomheter, tertial=1, s=2, k=2, tiltak="Første tiltak")
    vurdering(brev, virksomheter, tertial=2, s=5, k=4, tiltak="Andre tiltak")
    url = reverse("styring:risiko-historikk", args=[maal(brev, "1.2.1").pk, "BFE"])
    response = client_for(users["bfe_leser"]).get(url)
    assert response.status_code == 200
    assert [v.tertial for v in response.context["vurderinger"]] == [1, 2]
    page = response.content.decode()
    assert "Første tiltak" in page
    assert "Andre tiltak" in page
    assert ">20<" in page
    # Readers of the agency do not see the audit trail.
    assert response.context["endringer"] is None


def test_history_shows_the_audit_trail_to_the_department(client_for, users, brev, virksomheter):
    row = vurdering(brev, virksomheter, eier="Første eier")
    row.eier = "Andre eier"
    row.save()
    url = reverse("styring:risiko-historikk", args=[row.maal_id, "BFE"])
    response = client_for(users["set_styrer"]).get(url)
    assert response.status_code == 200
    assert len(response.context["endringer"]) == 2
    page = response.content.decode()
    assert "Første eier" in page
    assert "Andre eier" in page


def test_anonymous_users_are_sent_to_login(client, brev, virksomheter):
    row = vurdering(brev, virksomheter)
    for url in [
        matrise_url(brev),
        ny_url(brev),
        reverse("styring:risiko-endre", args=[row.pk]),
        reverse("styring:risiko-historikk", args=[row.maal_id, "BFE"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/logg-inn/" in response.url


def queries_on(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["bfe_rapportor", "set_styrer"])
def test_matrix_query_count_does_not_grow_with_assessments(
    client_for, users, brev, virksomheter, name
):
    client = client_for(users[name])
    url = matrise_url(brev, tertial=1)
    vurdering(brev, virksomheter, kode="1.2.1")
    before = queries_on(client, url)
    for kode in ["1.2", "1.2.2", "1.3", "1.3.1", "1.3.2", "1.3.3"]:
        vurdering(brev, virksomheter, kode=kode, s=5, k=5)
    assert "1.3.3" in celle(client.get(url).content.decode(), 5, 5)
    assert queries_on(client, url) == before


def test_history_query_count_does_not_grow_with_tertials(client_for, users, brev, virksomheter):
    client = client_for(users["set_styrer"])
    url = reverse("styring:risiko-historikk", args=[maal(brev, "1.2.1").pk, "BFE"])
    vurdering(brev, virksomheter, tertial=1)
    before = queries_on(client, url)
    vurdering(brev, virksomheter, tertial=2)
    vurdering(brev, virksomheter, tertial=3)
    assert queries_on(client, url) == before


def test_directorate_sees_a_region_of_its_multi_recipient_letter(client_for, users, brev):
    url = reverse(
        "styring:risiko-matrise", kwargs={"brev_pk": brev["bufdir"].pk, "kode": "region-ost"}
    )
    response = client_for(users["bufdir_styrer"]).get(url)
    assert response.status_code == 200
    assert response.context["aar"] == 2023
    assert (
        len(response.context["uten_vurdering"]) == Maal.objects.filter(brev=brev["bufdir"]).count()
    )
    assert client_for(users["set_styrer"]).get(url).status_code == 404
