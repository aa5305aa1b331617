"""The letter pages: read like the letter, scoped, locked after issue, next year and diff."""

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from styring import registries
from styring.forms.versjon import versjon
from styring.letter import Art, Kobling
from styring.models import Maal, Rapporteringskrav, Tildelingsbrev

BREV_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "brev"


def transcription(name):
    return json.loads((BREV_DIR / f"{name}.json").read_text(encoding="utf-8"))


def as_html(text):
    """How ``linebreaks`` shows one paragraph of the letter."""
    return escape(text).replace("\n", "<br>")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_bfe_letter_reads_like_the_letter(brev, users, client_for):
    html = page(client_for(users["bfe_rapportor"]), brev["bfe"].get_absolute_url())
    data = transcription("bfe-tildelingsbrev-2026")

    assert "25/4935 - 6" in html
    assert "22.12.2025" in html
    for goal in data["kommunemaal"]:
        assert escape(goal["tekst"]) in html
    assert html.count('class="kommunemaal"') == 1
    for sektormaal in data["maal"]:
        assert f"{sektormaal['kode']} {escape(sektormaal['tekst'])}" in html
        for tiltak in sektormaal["tiltak"]:
            assert escape(tiltak["tekst"]) in html
            for paragraph in tiltak["presisering"].split("\n\n"):
                assert as_html(paragraph) in html, tiltak["kode"]
    codes = re.findall(r'<span class="kode">([\d.]+)</span>', html)
    assert codes == ["1.2.1", "1.2.2", "1.3.1", "1.3.2", "1.3.3"]
    # The table of contents follows the letter's sections 1–6.
    toc = html.split('id="innholdsfortegnelse"')[1].split("</nav>")[0]
    assert re.findall(r'href="#seksjon-(\d+)"', toc) == ["1", "2", "3", "4", "5", "6"]
    for directive in data["foringer"]:
        assert as_html(directive["tekst"].split("\n\n")[0]) in html
    assert "Vedlegg BFE Verbaler og betalingssatser" in html


def test_bufdir_letter_shows_main_goals_with_their_sub_goals(brev, users, client_for):
    html = page(client_for(users["bufdir_styrer"]), brev["bufdir"].get_absolute_url())
    main_goals = html.split("Hovedmål 2 ")
    assert len(main_goals) == 2
    first, second = main_goals
    for code in ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9"]:
        assert f"Delmål {code} " in first
    for code in ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]:
        assert f"Delmål {code} " in second
    assert "Hovedmål 1 " in first
    data = transcription("bufdir-disponeringsbrev-2023")
    prose = data["hovedmaal"][0]["delmaal"][0]["tekst_prosa"].split("\n\n")[0]
    assert as_html(prose) in first


def test_reporting_requirements_give_the_periods_other_apps_open(brev):
    krav = Rapporteringskrav.objects.filter(brev=brev["bufdir"])
    monthly = krav.get(rapporttype=Rapporteringskrav.Rapporttype.MAANEDSRAPPORT).perioder()
    assert len(monthly) == 12
    assert (str(monthly[0].fra), str(monthly[0].til), str(monthly[0].frist)) == (
        "2023-01-01",
        "2023-01-31",
        "2023-02-15",
    )
    assert str(monthly[11].frist) == "2024-01-15"
    second = krav.get(rapporttype=Rapporteringskrav.Rapporttype.TERTIAL_2).perioder()
    assert [(str(p.fra), str(p.til), str(p.frist)) for p in second] == [
        ("2023-05-01", "2023-08-31", "2023-09-14")
    ]
    bfe_first_quarter = Rapporteringskrav.objects.get(
        brev=brev["bfe"], rapporttype=Rapporteringskrav.Rapporttype.KVARTAL_1
    )
    assert [(str(p.fra), str(p.til)) for p in bfe_first_quarter.perioder()] == [
        ("2026-01-01", "2026-03-31")
    ]


def test_another_agency_cannot_open_the_letter(brev, users, client_for):
    client = client_for(users["vel_rapportor"])
    letter = brev["bfe"]
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert client.get(reverse("styring:brev-rod-traad", args=[letter.pk])).status_code == 404
    assert client.get(reverse("styring:brev-sammenlign", args=[letter.pk])).status_code == 404
    assert client.post(reverse("styring:brev-neste-aar", args=[letter.pk])).status_code == 404
    listing = page(client, reverse("styring:brev-liste"))
    assert str(letter) not in listing
    assert Tildelingsbrev.objects.count() == 2


def test_agency_staff_read_but_cannot_change_their_letter(brev, users, client_for):
    client = client_for(users["bfe_rapportor"])
    letter = brev["bfe"]
    html = page(client, letter.get_absolute_url())
    assert reverse("styring:brev-neste-aar", args=[letter.pk]) not in html
    goal = Maal.objects.get(brev=letter, kode="1.2.1")
    assert client.get(reverse("styring:brev-endre", args=[letter.pk])).status_code == 403
    assert client.post(reverse("styring:brev-supplerende", args=[letter.pk])).status_code == 403
    response = client.post(
        reverse("styring:brevdel-endre", args=["maal", goal.pk]), {"tekst": "Endret"}
    )
    assert response.status_code == 403
    assert client.get(reverse("styring:brev-ny")).status_code == 403
    goal.refresh_from_db()
    assert goal.tekst != "Endret"


def test_issued_letter_is_locked_and_changed_through_a_supplement(brev, users, client_for):
    client = client_for(users["set_styrer"])
    letter = brev["bfe"]
    goal = Maal.objects.get(brev=letter, kode="1.2.1")
    response = client.get(reverse("styring:brevdel-endre", args=["maal", goal.pk]))
    assert response.status_code == 403
    assert "supplerende" in response.content.decode().lower()
    assert client.get(reverse("styring:brev-endre", args=[letter.pk])).status_code == 403

    response = client.post(reverse("styring:brev-supplerende", args=[letter.pk]))
    supplement = Tildelingsbrev.objects.get(supplerer=letter)
    assert response.url == supplement.get_absolute_url()
    assert supplement.type == Tildelingsbrev.Type.SUPPLERENDE
    assert supplement.status == Tildelingsbrev.Status.UTKAST
    assert list(supplement.mottakere.values_list("kode", flat=True)) == ["BFE"]
    # A new measure under the original letter's sector goal, then issue it.
    sektormaal = Maal.objects.get(brev=letter, kode="1.2")
    response = client.post(
        reverse("styring:brevdel-ny", args=[supplement.pk, "maal"]),
        {"nivaa": "tiltak", "forelder": sektormaal.pk, "kode": "1.2.3", "tekst": "Nytt tiltak"},
    )
    assert response.status_code == 302, response.content.decode()
    client.post(reverse("styring:brev-utsted", args=[supplement.pk]))
    supplement.refresh_from_db()
    assert supplement.er_utstedt
    html = page(client, letter.get_absolute_url())
    assert str(supplement) in html
    rod_traad = page(client, reverse("styring:brev-rod-traad", args=[letter.pk]))
    assert "1.2.3 Nytt tiltak" in rod_traad


def test_styrer_writes_a_draft_and_issues_it(brev, users, client_for):
    client = client_for(users["set_styrer"])
    response = client.post(
        reverse("styring:brev-ny"),
        {
            "type": "tildelingsbrev",
            "tittel": "Tildelingsbrev 2027 – Velferdsetaten",
            "mottakere": [brev["bfe"].mottakere.get().pk],
            "aar": 2027,
        },
    )
    assert response.status_code == 302
    draft = Tildelingsbrev.objects.get(tittel="Tildelingsbrev 2027 – Velferdsetaten")
    assert draft.utsteder.kode == "SET"
    section = client.post(
        reverse("styring:brevdel-ny", args=[draft.pk, "seksjon"]),
        {"nummer": "1", "tittel": "Innledning", "tekst": "Første avsnitt.", "rekkefolge": 1},
    )
    assert section.status_code == 302
    assert "Første avsnitt." in page(client, draft.get_absolute_url())
    # Bad input re-shows the form and changes nothing.
    response = client.post(reverse("styring:brev-ny"), {"type": "tildelingsbrev", "aar": "tjue"})
    assert response.status_code == 200
    assert Tildelingsbrev.objects.count() == 3
    client.post(reverse("styring:brev-utsted", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.er_utstedt
    assert draft.utstedt is not None
    # Issuing twice is refused, not repeated.
    response = client.post(reverse("styring:brev-utsted", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    assert Tildelingsbrev.objects.get(pk=draft.pk).utstedt == draft.utstedt


def test_a_styrer_cannot_address_a_letter_to_an_agency_it_does_not_steer(
    brev, users, client_for, virksomheter
):
    client = client_for(users["set_styrer"])
    response = client.post(
        reverse("styring:brev-ny"),
        {"type": "tildelingsbrev", "mottakere": [virksomheter["region-ost"].pk], "aar": 2027},
    )
    assert response.status_code == 200
    assert "mottakere" in response.context["form"].errors
    assert Tildelingsbrev.objects.count() == 2


def test_next_year_and_the_diff_show_exactly_what_changed(brev, users, client_for):
    client = client_for(users["set_styrer"])
    old = brev["bfe"]
    response = client.post(reverse("styring:brev-neste-aar", args=[old.pk]))
    new = Tildelingsbrev.objects.get(forrige=old)
    assert response.url == new.get_absolute_url()
    assert (new.aar, new.status, new.tittel) == (
        2027,
        Tildelingsbrev.Status.UTKAST,
        "Tildelingsbrev 2027 – Barne- og familieetaten",
    )
    copied = Maal.objects.filter(brev=new)
    assert copied.count() == Maal.objects.filter(brev=old).count()
    assert all(goal.kopiert_fra_id for goal in copied)
    assert copied.get(kode="1.2.1").forelder == copied.get(kode="1.2")
    assert copied.get(kode="1.2").forelder.nivaa == Maal.Nivaa.KOMMUNEMAAL

    reword = copied.get(kode="1.2.1")
    response = client.post(
        reverse("styring:brevdel-endre", args=["maal", reword.pk]),
        {
            "nivaa": reword.nivaa,
            "forelder": reword.forelder_id,
            "kode": reword.kode,
            "tekst": reword.tekst,
            "beskrivelse": reword.beskrivelse,
            "presisering": "Etaten skal doble antall fosterhjem.",
            "rapportering": reword.rapportering,
            "samarbeid": reword.samarbeid,
            "rekkefolge": reword.rekkefolge,
            "versjon": versjon(reword),
        },
    )
    assert response.status_code == 302
    remove = copied.get(kode="1.3.3")
    assert (
        client.post(reverse("styring:brevdel-slett", args=["maal", remove.pk])).status_code == 302
    )

    response = client.get(reverse("styring:brev-sammenlign", args=[new.pk]))
    # The letter's own parts; the assignments carried over add rows of their own.
    rows = [r for r in response.context["forskjeller"] if r.art != Art.OVERFORT]
    assert [(r.art, r.objekt.split()[-1], r.gammel == "", r.ny) for r in rows] == [
        (Art.ENDRET, "1.2.1", False, "Etaten skal doble antall fosterhjem."),
        (Art.FJERNET, "1.3.3", False, ""),
    ]
    html = response.content.decode()
    assert "Etaten skal doble antall fosterhjem." in html
    # Only once: the second attempt is refused.
    client.post(reverse("styring:brev-neste-aar", args=[old.pk]))
    assert Tildelingsbrev.objects.filter(forrige=old).count() == 1


def test_concurrent_edit_is_detected_and_nothing_is_overwritten(brev, users, client_for):
    client = client_for(users["set_styrer"])
    client.post(reverse("styring:brev-neste-aar", args=[brev["bfe"].pk]))
    goal = Maal.objects.get(brev__aar=2027, kode="1.2.2")
    opened = versjon(goal)
    Maal.objects.filter(pk=goal.pk).update(presisering="Endret av en kollega.")
    response = client.post(
        reverse("styring:brevdel-endre", args=["maal", goal.pk]),
        {
            "nivaa": goal.nivaa,
            "forelder": goal.forelder_id,
            "kode": goal.kode,
            "tekst": goal.tekst,
            "presisering": "Min endring.",
            "rekkefolge": goal.rekkefolge,
            "versjon": opened,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "samtidig_endring")
    goal.refresh_from_db()
    assert goal.presisering == "Endret av en kollega."


def test_rod_traad_shows_what_other_apps_tie_to_each_goal(brev, users, client_for):
    def contribution(*, maal_ids, user):
        tiltak = Maal.objects.get(brev=brev["bfe"], kode="1.2.1")
        assert tiltak.pk in maal_ids
        return {tiltak.pk: [Kobling("Indikator", "Hastetilbud fremskaffet innen 2 timer")]}

    url = reverse("styring:brev-rod-traad", args=[brev["bfe"].pk])
    with registries.rod_traad.registered(contribution, key="test", order=0):
        html = page(client_for(users["bfe_leser"]), url)
    first_goal = html.index("Oslo gir alle like muligheter")
    sector = html.index("1.2 Barn og unge opplever trygghet")
    measure = html.index("1.2.1 Samarbeid med bydelene")
    indicator = html.index("Hastetilbud fremskaffet innen 2 timer")
    assert first_goal < sector < measure < indicator


def test_letter_page_queries_do_not_grow_with_the_goals(brev, users, client_for):
    client = client_for(users["set_styrer"])
    client.post(reverse("styring:brev-neste-aar", args=[brev["bfe"].pk]))
    draft = Tildelingsbrev.objects.get(aar=2027)
    url = draft.get_absolute_url()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    parent = Maal.objects.get(brev=draft, kode="1.3")
    for number in range(20):
        Maal.objects.create(
            brev=draft, nivaa="tiltak", forelder=parent, kode=f"1.3.{number + 4}", tekst="Ekstra"
        )
    assert count() == before


def test_list_filters_by_year_and_recipient(brev, users, client_for):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", password="x")
    client = client_for(admin)
    response = client.get(reverse("styring:brev-liste"), {"aar": "2023"})
    assert list(response.context["brevliste"]) == [brev["bufdir"]]
    response = client.get(reverse("styring:brev-liste"), {"mottaker": "region-ost"})
    assert list(response.context["brevliste"]) == [brev["bufdir"]]
    response = client.get(reverse("styring:brev-liste"))
    assert list(response.context["brevliste"]) == [brev["bfe"], brev["bufdir"]]


@pytest.mark.parametrize("user", ["uten_virksomhet", "vel_rapportor"])
def test_strangers_see_no_letters(brev, users, client_for, user):
    response = client_for(users[user]).get(reverse("styring:brev-liste"))
    assert list(response.context["brevliste"]) == []


def test_letter_list_queries_do_not_grow_with_the_letters(brev, users, client_for):
    client = client_for(users["set_styrer"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("styring:brev-liste")).status_code == 200
        return len(queries)

    before = count()
    for year in range(2010, 2025):
        letter = Tildelingsbrev.objects.create(
            type="tildelingsbrev", utsteder=brev["bfe"].utsteder, aar=year
        )
        letter.mottakere.set(brev["bfe"].mottakere.all())
    assert count() == before
