"""The budgets of both letters, loaded from their transcriptions: every table, every
amount as printed, and the printed totals checked, not corrected."""

import pytest
from django.db.models import Sum

from budsjett import selectors
from budsjett.avstemming import avstem_aar
from budsjett.models import (
    Budsjettabell,
    Budsjettendring,
    Budsjettlinje,
    Investering,
    Kapittel,
    Radtype,
)
from styring.models import Seksjon, Virksomhet

YEARS = [2026, 2027, 2028, 2029]


def net(lines):
    return lines.aggregate(total=Sum("belop"))["total"]


def bufdir_tables(brev, user):
    tabeller = Budsjettabell.objects.filter(brev=brev["bufdir"]).select_related("kapittel")
    return selectors.tabellvisning(tabeller=tabeller, user=user)


# Kap. 360 (BFE 2026)


def test_kap_360_net_2026_is_394_978_from_the_account_groups(brev):
    lines = Budsjettlinje.objects.budsjett().filter(kapittel__nummer="360", aar=2026)
    assert lines.count() == 7
    assert net(lines) == 394_978
    printed = Budsjettlinje.objects.get(kapittel__nummer="360", aar=2026, radtype=Radtype.SUM)
    assert printed.belop == 394_978
    assert printed.navn == "Sum 360 - Barne- og familieetaten (SET)"


def test_kap_360_net_is_394_978_by_derivation_and_381_897_in_2029(brev):
    lines = list(Budsjettlinje.objects.filter(kapittel__nummer="360"))
    changes = list(
        Budsjettendring.objects.filter(tabell__type=Budsjettabell.Type.ENDRINGER).prefetch_related(
            "aarsbelop"
        )
    )
    years = {year.aar: year for year in avstem_aar(linjer=lines, endringer=changes)}
    assert sorted(years) == YEARS
    assert (years[2026].kontogrupper, years[2026].avledet) == (394_978, 394_978)
    assert (years[2026].trykt_sum, years[2026].trykt_vedtatt) == (394_978, 394_978)
    assert (years[2029].kontogrupper, years[2029].avledet) == (381_897, 381_897)
    assert [years[y].avledet for y in YEARS] == [394_978, 391_954, 387_000, 381_897]
    assert all(year.stemmer for year in years.values())


def test_the_derivation_starts_from_the_carried_forward_budget(brev):
    first, second = Budsjettendring.objects.filter(tabell__type="endringer").order_by("rekkefolge")[
        :2
    ]
    assert first.gruppe == Budsjettendring.Gruppe.VIDEREFORT
    assert first.aarsbelop.get(aar=2026).belop == 364_386
    assert second.gruppe == Budsjettendring.Gruppe.FORRIGE_PERIODE
    assert second.aarsbelop.get(aar=2026).belop == -31_082
    groups = Budsjettendring.objects.filter(tabell__type="endringer").values_list(
        "gruppe", flat=True
    )
    G = Budsjettendring.Gruppe
    counts = {g: list(groups).count(g) for g in set(groups)}
    assert counts == {
        G.VIDEREFORT: 1,
        G.FORRIGE_PERIODE: 1,
        G.GENERELL_RAMMEENDRING: 2,
        G.TEKNISKE_JUSTERINGER: 5,
        G.NY_INNSATS: 4,
        G.BYSTYRET: 1,
        G.VEDTATT: 1,
    }
    # «Ingen endringer» under the council's treatment: kept, with no amounts.
    none = Budsjettendring.objects.get(gruppe=G.BYSTYRET)
    assert none.tekst == "Ingen endringer"
    assert not none.aarsbelop.exists()
    # The letter's «-» is 0, and what was printed is kept.
    cut = Budsjettendring.objects.get(tekst="Generell rammereduksjon")
    assert [(a.aar, a.belop, a.belop_tekst) for a in cut.aarsbelop.order_by("aar")] == [
        (2026, 0, "-"),
        (2027, 0, "-"),
        (2028, 0, "-"),
        (2029, -5103, "-5 103"),
    ]


def test_change_items_carry_the_letters_descriptions(brev):
    described = Budsjettendring.objects.exclude(omtale="")
    assert described.count() == 5
    mst = described.get(tekst="Hjelpetiltaket MST - styrket kapasitet")
    assert mst.omtale_tittel == "MST - styrket kapasitet"
    assert "fra ett til to team" in mst.omtale


def test_the_frame_reduction_table_adds_up(brev, users):
    tabell = Budsjettabell.objects.get(type=Budsjettabell.Type.RAMMEREDUKSJON)
    data = selectors.tabellvisning(tabeller=[tabell], user=users["set_styrer"])
    (view,) = data["tabeller"]
    total = view.rader[-1]
    assert total.navn == "Generell rammereduksjon 2026-2029"
    assert [c.verdi for c in total.celler] == [-5867, -8891, -13845, -18948]
    assert all(c.stemmer for c in total.celler)
    assert "redusert med 11,6 mill. i 2026" in tabell.tekst


def test_the_investment_budget_by_project_and_account_group(brev):
    rows = Investering.objects.filter(kapittel__nummer="360", radtype=Radtype.LINJE, aar=2026)
    assert sorted(rows.values_list("prosjekt", "kontogruppe", "belop")) == [
        ("106034", "1", 500),
        ("106034", "7", -100),
        ("119025", "1", 1800),
        ("126019", "1", 7500),
        ("126019", "7", -1500),
    ]
    for year in YEARS:
        lines = Investering.objects.filter(kapittel__nummer="360", radtype="linje", aar=year)
        total = Investering.objects.get(kapittel__nummer="360", radtype="sum", aar=year)
        assert net(lines) == total.belop == 8200


def test_the_rehabilitation_allocation_on_kap_063(brev):
    kap = Kapittel.objects.get(nummer="063")
    assert kap.navn == "Oslobygg KF"
    assert kap.eier.kode == "SET"
    assert kap.art == Kapittel.Art.INVESTERING
    rows = Investering.objects.filter(kapittel=kap).order_by("aar")
    assert [(r.aar, r.belop) for r in rows] == [(year, 20_000) for year in YEARS]
    assert {r.prosjekt for r in rows} == {"126402"}
    assert {r.prosjektnavn for r in rows} == {"Rehabilitering BFE og VEL"}
    assert {r.virksomhet.kode for r in rows} == {"BFE"}
    assert rows[0].belop_tekst == "20 millioner"


# Kap. 855 and the other chapters of the Bufdir 2023 letter


def test_every_chapter_of_the_state_letter_is_loaded(brev):
    state = Kapittel.objects.filter(eier__kode="Bufdir")
    assert sorted(state.values_list("nummer", flat=True), key=int) == [
        "840",
        "841",
        "842",
        "846",
        "854",
        "855",
        "856",
        "858",
        "3842",
        "3855",
    ]
    assert set(state.filter(inntekt=True).values_list("nummer", flat=True)) == {"3842", "3855"}
    assert Budsjettabell.objects.filter(brev=brev["bufdir"]).count() == 16


def test_kap_855_region_ost_posts(brev, users):
    ost = Virksomhet.objects.get(kode="region-ost")
    budget = selectors.budsjett_per_konto(virksomhet=ost, aar=2023, user=users["bufdir_styrer"])
    posts = {(k.kapittel.nummer, k.kode): amount for k, amount in budget.items()}
    assert posts[("855", "01")] == 1_176_423 == 1_113_314 + 63_109
    assert posts[("855", "22")] == 775_419
    lines = Budsjettlinje.objects.filter(
        tabell__kode="Tabell 11", virksomhet=ost, radtype=Radtype.LINJE, konto__kode="01"
    )
    assert sorted(lines.values_list("navn", "belop")) == [
        ("Post 01 - Driftsutgifter", 1_113_314),
        ("Post 01 - Særskilt", 63_109),
    ]


def _differences(data, table, row):
    return {
        a.kolonne.virksomhet.kode: (a.celle.verdi, a.celle.beregnet, a.celle.differanse)
        for a in data["avvik"]
        if a.tabell.kode == table and a.rad.navn == row
    }


def test_kap_855_total_is_kept_as_printed_and_its_difference_flagged(brev, users):
    data = bufdir_tables(brev, users["bufdir_styrer"])
    assert _differences(data, "Tabell 11", "Sum kapittel 855") == {
        "region-ost": (1_951_843, 1_951_842, 1),
        "region-sor": (1_396_612, 1_396_611, 1),
        "region-vest": (1_661_469, 1_661_470, -1),
    }
    # Midt-Norge and nord add up exactly; the printed totals are stored unchanged.
    printed = dict(
        Budsjettlinje.objects.filter(tabell__kode="Tabell 11", konto__isnull=True).values_list(
            "virksomhet__kode", "belop"
        )
    )
    assert printed == {
        "region-ost": 1_951_843,
        "region-sor": 1_396_612,
        "region-vest": 1_661_469,
        "region-midt-norge": 1_066_264,
        "region-nord": 686_138,
    }


def test_exactly_the_rounding_differences_the_transcription_notes(brev, users):
    """The transcription lists the printed totals that are off by one; nothing else is."""
    data = bufdir_tables(brev, users["bufdir_styrer"])
    found = sorted(
        (a.tabell.kode, a.rad.navn, a.kolonne.virksomhet.kode, a.celle.differanse)
        for a in data["avvik"]
    )
    assert found == [
        ("Tabell 11", "Sum kapittel 855", "region-ost", 1),
        ("Tabell 11", "Sum kapittel 855", "region-sor", 1),
        ("Tabell 11", "Sum kapittel 855", "region-vest", -1),
        ("Tabell 12", "Sum spisskompetansemiljø og nasjonale oppgaver", "region-ost", -1),
        ("Tabell 14", "Sum kap. 855", "region-vest", 1),
        ("Tabell 4", "Sum post 01", "region-ost", -1),
        ("Tabell 4", "Sum post 01", "region-sor", -1),
        ("Tabell 5", "Sum kapittel 842, post 01", "region-ost", -1),
        ("Tabell 5", "Sum kapittel 842, post 01", "region-sor", -1),
    ]
    assert (
        selectors.tabellvisning(
            tabeller=Budsjettabell.objects.filter(brev=brev["bfe"]), user=users["set_styrer"]
        )["avvik"]
        == []
    )


def test_breakdown_tables_are_not_added_to_the_budget(brev, users):
    breakdowns = Budsjettabell.objects.filter(brev=brev["bufdir"], er_fordeling=True)
    assert sorted(breakdowns.values_list("kode", flat=True)) == [
        "Tabell 12",
        "Tabell 13",
        "Tabell 5",
        "Tabell 7",
    ]
    # Tabell 12 breaks post 01 down: grunntildeling incl. redistribution is a subtotal.
    grunn = Budsjettlinje.objects.get(
        tabell__kode="Tabell 12", virksomhet__kode="region-ost", radtype=Radtype.DELSUM
    )
    assert (grunn.navn, grunn.belop) == ("Grunntildeling inkl omfordeling", 1_113_314)
    # Post 21 of kap. 842 is only in its own table: that table is the budget.
    assert not Budsjettabell.objects.get(kode="Tabell 6").er_fordeling


def test_income_chapters_are_negative_and_keep_what_was_printed(brev):
    line = Budsjettlinje.objects.get(
        tabell__kode="Tabell 14", virksomhet__kode="region-ost", konto__kode="60"
    )
    assert line.belop == -725_896
    assert line.belop_tekst == "725 896"
    assert line.kapittel.nummer == "3855"
    assert line.kapittel.inntekt


def test_the_state_letter_shows_the_budget_in_its_budget_section(brev):
    seksjon = Seksjon.objects.get(brev=brev["bufdir"], tittel="Budsjettrammer 2023")
    assert "budsjett" in seksjon.innhold
    bfe_section = Seksjon.objects.get(brev=brev["bfe"], nummer="4.3")
    assert "budsjett" in bfe_section.innhold


def test_a_failing_budget_load_leaves_no_letter(uten_brev, monkeypatch):
    """The budget loads in the letter's transaction: all or nothing."""
    from styring import loading
    from styring.models import Tildelingsbrev

    def fail(self, kapittel):
        raise RuntimeError("broken transcription")

    monkeypatch.setattr("budsjett.loading._Oslo.investering", fail)
    with pytest.raises(RuntimeError):
        loading.last_brev(sti=loading.BREV_DIR / "bfe-tildelingsbrev-2026.json")
    assert not Tildelingsbrev.objects.filter(kilde="bfe-tildelingsbrev-2026").exists()
    assert not Budsjettabell.objects.exists()
    assert not Budsjettlinje.objects.exists()
