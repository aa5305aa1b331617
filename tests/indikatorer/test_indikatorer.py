"""Indicators: loaded from the letters, shown in them, scoped, carried over, compared."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from indikatorer import maaltall as mt
from indikatorer.models import STATUS_LABELS, Indikator, Indikatorsett, Maalverdi, Resultat
from styring import brevdiff
from styring import services as brevtjenester
from styring.access import Rolle

HASTETILBUD = "Hastetilbud fremskaffet innen 2 timer"
UTENFOR = "Andel unge utenfor jobb, utdanning og annen opplæring for aldersgruppen 15-24 år"
NOT_ACHIEVED = str(STATUS_LABELS[mt.Status.IKKE_OPPNAADD])


def indikator(navn):
    return Indikator.objects.get(navn=navn)


def row(page, indikator):
    """The table row of ``indikator`` in a page."""
    return page.split(f'id="indikator-{indikator.pk}"')[1].split("</tr>")[0]


# Status, computed


def test_status_is_computed_never_stored(brev):
    assert "status" not in {f.name for f in Resultat._meta.get_fields()}
    hastetilbud = indikator(HASTETILBUD)
    result = hastetilbud.resultater.get(aar=2024)
    assert result.status == mt.Status.IKKE_OPPNAADD
    result.tekst = "100 %"
    result.save()
    assert result.verdi == 100
    assert result.status == mt.Status.OPPNAADD
    brudd = indikator("Antall brudd på bistandsplikten")
    assert brudd.resultater.get(aar=2024).status == mt.Status.MANGLER_DATA
    climate = Indikator.objects.get(kode="8", type=Indikator.Type.KLIMAINDIKATOR)
    assert climate.vurdering(2026).status == mt.Status.IKKE_MAALBAR


def test_a_target_is_read_again_when_its_text_changes_unless_a_person_corrected_it(brev):
    target = indikator(HASTETILBUD).maalverdier.get()
    target.sammenligning = mt.Sammenligning.MINST
    target.save()
    target.refresh_from_db()
    assert (target.sammenligning, target.verdi) == ("minst", 100)
    target.tekst = "< 5 %"
    target.save()
    assert (target.sammenligning, target.verdi, target.enhet) == ("under", 5, "prosent")


def test_hastetilbud_2024_is_not_achieved_on_the_letter_page(brev, users, client_for):
    page = client_for(users["bfe_leser"]).get(brev["bfe"].get_absolute_url()).content.decode()
    section = page.split('id="seksjon-4-1"')[1].split('id="seksjon-4-2"')[0]
    hastetilbud = row(section, indikator(HASTETILBUD))
    assert "93,7 %" in hastetilbud
    assert "100%" in hastetilbud
    assert NOT_ACHIEVED in hastetilbud
    assert section.count('<tr id="indikator-') == 8
    assert "Ungt utenforskap</caption>" in section
    climate = page.split('id="seksjon-4-2"')[1].split('id="seksjon-4-3"')[0]
    assert climate.count('<tr id="indikator-') == 2
    assert str(STATUS_LABELS[mt.Status.IKKE_MAALBAR]) in climate


def test_hastetilbud_2024_is_not_achieved_on_the_indicator_page(brev, users, client_for):
    hastetilbud = indikator(HASTETILBUD)
    response = client_for(users["bfe_leser"]).get(hastetilbud.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    year_2024 = page.split('id="aar-2024"')[1].split("</tr>")[0]
    assert "93,7 %" in year_2024
    assert NOT_ACHIEVED in year_2024
    assert response.context["naa"]["vurdering"].status == mt.Status.IKKE_OPPNAADD
    # Department staff see the change log; agency readers do not.
    assert response.context["endringer"] is None
    response = client_for(users["set_styrer"]).get(hastetilbud.get_absolute_url())
    assert response.context["endringer"] is not None
    assert len(response.context["endringer"]) == 4  # the indicator, its target, 2 results


# Who sees what


def test_another_agency_sees_neither_bfes_indicators_nor_the_set(brev, users, client_for):
    client = client_for(users["vel_rapportor"])
    assert client.get(indikator(HASTETILBUD).get_absolute_url()).status_code == 404
    assert client.get(indikator(UTENFOR).get_absolute_url()).status_code == 404
    assert client.get(reverse("indikatorer:indikatorer-oversikt")).context["rader"] == []


def test_a_contributor_to_a_shared_set_sees_its_indicator(brev, users, client_for, virksomheter):
    shared = indikator(UTENFOR)
    shared.bidragsytere.add(virksomheter["VEL"])
    bfe_own = Resultat.objects.create(
        indikator=shared, aar=2025, virksomhet=virksomheter["BFE"], tekst="8,0 %"
    )
    client = client_for(users["vel_rapportor"])
    response = client.get(shared.get_absolute_url())
    assert response.status_code == 200
    # The results of the whole indicator, not BFE's own contribution.
    assert [r["aar"] for r in response.context["aarsrader"]] == [2023, 2024, 2026]
    assert response.context["delresultater"] == []
    assert bfe_own not in Resultat.objects.for_user(users["vel_rapportor"])
    assert bfe_own in Resultat.objects.for_user(users["bfe_leser"])
    # ... and the letter it appears in stays closed to VEL.
    assert response.context["brevliste"] == []
    assert client.get(brev["bfe"].get_absolute_url()).status_code == 404
    assert client.get(indikator(HASTETILBUD).get_absolute_url()).status_code == 404
    rows = client.get(reverse("indikatorer:indikatorer-oversikt")).context["rader"]
    assert [r["indikator"] for r in rows] == [shared]


def test_bufdir_regions_see_the_steering_parameters_and_not_oslo(
    brev, users, client_for, make_user
):
    section = brev["bufdir"].seksjoner.get(nummer="3")
    assert section.innhold == ["maal", "styringsparametere", "oppdrag"]
    region = make_user("region-ost", Rolle.LESER)
    client = client_for(region)
    rows = client.get(reverse("indikatorer:indikatorer-oversikt")).context["rader"]
    assert len(rows) == 35
    assert client.get(indikator(HASTETILBUD).get_absolute_url()).status_code == 404
    page = client.get(brev["bufdir"].get_absolute_url()).content.decode()
    assert page.count('<tr id="indikator-') == 35
    assert "Økonomistyring" in page


# The list's filters


def test_the_list_filters_by_year_organisation_set_and_status(brev, users, client_for):
    client = client_for(users["set_styrer"])
    url = reverse("indikatorer:indikatorer-oversikt")

    def names(**params):
        return [r["indikator"].navn for r in client.get(url, params).context["rader"]]

    assert len(names()) == 10
    assert len(names(aar=2026)) == 10
    assert names(aar=2023) == []
    assert len(names(virksomhet="BFE")) == 10
    assert len(names(sett=Indikatorsett.objects.get().pk)) == 6
    not_achieved = names(status="ikke_oppnaadd")
    assert HASTETILBUD in not_achieved
    assert len(not_achieved) == 7
    assert len(names(status="ikke_maalbar")) == 1
    assert len(client_for(users["bufdir_styrer"]).get(url).context["rader"]) == 35


# Next year and the diff


def test_indicators_carry_over_with_their_target_rolled_to_the_new_year(brev):
    ny = brevtjenester.lag_neste_aars_brev(brev=brev["bfe"])
    carried = Indikator.objects.i_brev(ny)
    assert carried.count() == 10
    hastetilbud = indikator(HASTETILBUD)
    assert set(hastetilbud.brev.all()) == {brev["bfe"], ny}
    target_2027 = hastetilbud.maalverdier.get(aar=2027)
    assert target_2027.tekst == "100%"
    assert target_2027.kopiert_fra == hastetilbud.maalverdier.get(aar=2026)
    assert target_2027.er_overfort
    # The Bufdir parameters follow the copies of their goals.
    ny_bufdir = brevtjenester.lag_neste_aars_brev(brev=brev["bufdir"])
    first = Indikator.objects.get(kode="S 1.1.1")
    assert first.maal.brev == ny_bufdir
    assert first.maal.kopiert_fra.kode == "1.1"
    assert first.maalverdier.get(aar=2024).tekst == first.maalverdier.get(aar=2023).tekst


def test_an_existing_target_for_the_new_year_is_kept(brev):
    hastetilbud = indikator(HASTETILBUD)
    Maalverdi.objects.create(indikator=hastetilbud, aar=2027, tekst="95 %")
    brevtjenester.lag_neste_aars_brev(brev=brev["bfe"])
    assert hastetilbud.maalverdier.get(aar=2027).tekst == "95 %"
    assert hastetilbud.maalverdier.get(aar=2027).kopiert_fra is None


def test_a_changed_2027_target_shows_in_the_diff(brev, users, client_for):
    ny = brevtjenester.lag_neste_aars_brev(brev=brev["bfe"])
    target = indikator(HASTETILBUD).maalverdier.get(aar=2027)
    target.tekst = "98 %"
    target.save()
    assert target.verdi == 98
    rows = [r for r in brevdiff.sammenlign(fra=brev["bfe"], til=ny) if r.kategori == _("Indicator")]
    assert len(rows) == 1
    change = rows[0]
    assert (change.art, change.objekt, change.gammel, change.ny) == (
        "endret",
        HASTETILBUD,
        "100%",
        "98 %",
    )
    assert change.felt == _("Target %(old)s → %(new)s") % {"old": 2026, "new": 2027}
    response = client_for(users["set_styrer"]).get(reverse("styring:brev-sammenlign", args=[ny.pk]))
    assert change in response.context["forskjeller"]
    page = client_for(users["set_styrer"]).get(ny.get_absolute_url()).content.decode()
    assert "98 %" in row(page, indikator(HASTETILBUD))
    carried = row(page, indikator(UTENFOR))
    assert "&lt; 9,1 %" in carried
    assert _("Carried over") in carried


# Rød tråd


def test_steering_parameters_hang_under_their_goals_in_both_years(brev, users, client_for):
    client = client_for(users["bufdir_styrer"])

    def links(letter):
        response = client.get(reverse("styring:brev-rod-traad", args=[letter.pk]))
        nodes, found = list(response.context["maaltre"]), {}
        while nodes:
            goal, children = nodes.pop()
            found[goal.kode] = [
                k.tekst for k in getattr(goal, "koblinger", []) if k.kategori == _("Indicator")
            ]
            nodes += children
        return found

    before = links(brev["bufdir"])
    assert any(text.startswith("S 1.1.1 ") for text in before["1.1"])
    assert len(before["1.2"]) == 9
    ny = brevtjenester.lag_neste_aars_brev(brev=brev["bufdir"])
    assert links(ny)["1.2"] == before["1.2"]
    assert links(brev["bufdir"])["1.2"] == before["1.2"]


# Query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_indicators(brev, virksomheter, number):
    sett = Indikatorsett.objects.get()
    for n in range(number):
        extra = Indikator.objects.create(
            navn=f"Ekstra {n}",
            type=Indikator.Type.RESULTATINDIKATOR,
            eier=virksomheter["BFE"],
            sett=sett if n % 2 else None,
            rekkefolge=50 + n,
        )
        extra.brev.add(brev["bfe"])
        extra.bidragsytere.add(virksomheter["BFE"])
        Maalverdi.objects.create(indikator=extra, aar=2026, tekst="< 5 %")
        for year in (2023, 2024):
            Resultat.objects.create(indikator=extra, aar=year, tekst=f"{n},5 %")


def test_list_and_letter_queries_do_not_grow_with_the_indicators(
    brev, users, client_for, virksomheter
):
    client = client_for(users["set_styrer"])
    pages = [reverse("indikatorer:indikatorer-oversikt"), brev["bfe"].get_absolute_url()]
    before = [count_queries(client, url) for url in pages]
    add_indicators(brev, virksomheter, 15)
    assert len(client.get(pages[0]).context["rader"]) == 25
    assert [count_queries(client, url) for url in pages] == before


def test_indicator_page_queries_do_not_grow_with_results(brev, users, client_for, virksomheter):
    client = client_for(users["set_styrer"])
    hastetilbud = indikator(HASTETILBUD)
    url = hastetilbud.get_absolute_url()
    before = count_queries(client, url)
    for year in range(2010, 2023):
        Resultat.objects.create(indikator=hastetilbud, aar=year, tekst="90 %")
        Maalverdi.objects.create(indikator=hastetilbud, aar=year, tekst="100 %")
        for code in ("BFE", "VEL"):
            Resultat.objects.create(
                indikator=hastetilbud, aar=year, periode="t1", virksomhet=virksomheter[code]
            )
    response = client.get(url)
    assert len(response.context["aarsrader"]) == 16
    assert len(response.context["delresultater"]) == 26
    assert count_queries(client, url) == before
