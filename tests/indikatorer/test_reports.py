"""The monthly bistandsplikt and belegg reports and the indicator part of the tertial
report: the numbers a reader checks against the database, small numbers masked, who has
not reported, scoping, and a query count that does not grow with the data."""

import calendar
import datetime
import re
from decimal import Decimal
from functools import partial

import pytest
import time_machine
from django.db import connection
from django.db.models import Sum
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from indikatorer import reports, selectors, skjematyper
from indikatorer.models import Indikator, Maalverdi, Resultat
from indikatorer.models.rapportering import (
    Innsending,
    Institusjon,
    Kapasitet,
    Skjema,
    Skjemafelt,
    Verdi,
)
from styring import perioder
from styring.models import Tildelingsbrev, Virksomhet
from styring.registries import rapporttyper, tertialdeler

TODAY = datetime.date(2026, 9, 20)  # August is a draft, July submitted, June and before approved
JULY = (datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))
SECOND_TERTIAL = (datetime.date(2026, 5, 1), datetime.date(2026, 8, 31))
USED = (Innsending.Status.GODKJENT, Innsending.Status.LEVERT)


@pytest.fixture(scope="module")
def demo(modul_db):
    """Both letters and 24 months of demo submissions, made once for the module (time
    frozen); each test runs in a savepoint of its own."""
    from indikatorer.demo import lag_demodata

    with time_machine.travel(datetime.datetime(2026, 9, 20, 9, 0, tzinfo=datetime.UTC), tick=False):
        lag_demodata(idag=TODAY)
        yield


@pytest.fixture
def data(demo, db):
    with translation.override("nb"):
        yield {v.kode: v for v in Virksomhet.objects.all()}


def hent(kode, virksomhet, periode, user=None):
    return rapporttyper[kode].hent(
        virksomhet=virksomhet, periode_fra=periode[0], periode_til=periode[1], user=user
    )


def dokument(kode, virksomhet, periode, innhold):
    """The report's HTML as the pipeline renders it: the type's template with the
    content's context and the pipeline's keys."""
    rapporttype = rapporttyper[kode]
    return render_to_string(
        rapporttype.template_name,
        {
            **innhold.context,
            "virksomhet": virksomhet,
            "periode_fra": periode[0],
            "periode_til": periode[1],
            "periode_tekst": "juli 2026",
            "tittel": str(rapporttype.navn),
            "utsteder": virksomhet.navn,
            "generert": timezone.now(),
            "mangler": innhold.datagrunnlag["mangler"],
            "forelopige": innhold.datagrunnlag["forelopige"],
        },
    )


def tertialdel(kode, virksomhet, periode, user=None):
    part = tertialdeler[kode]
    innhold = part.hent(
        virksomhet=virksomhet, periode_fra=periode[0], periode_til=periode[1], user=user
    )
    html = render_to_string(
        part.template_name,
        {**innhold.context, "virksomhet": virksomhet, "periode_fra": periode[0]},
    )
    return innhold, html


def row_of(html, heading):
    """The table row whose row heading is ``heading``."""
    match = re.search(
        rf'<th scope="row">{re.escape(escape(heading))}(?:<br>.*?)?</th>(.*?)</tr>', html, re.S
    )
    assert match, heading
    return match.group(1)


def prosent(verdi):
    return f"{str(verdi).replace('.', ',')} %"


# Small numbers


@pytest.mark.parametrize(
    ("antall", "vist"),
    [(None, None), (0, 0), (1, "< 3"), (2, "< 3"), (3, 3), (17, 17), (Decimal("2.00"), "< 3")],
)
def test_small_counts_are_masked(antall, vist):
    assert selectors.maskert_antall(antall) == vist


def test_totals_for_the_whole_city_are_not_masked():
    assert selectors.maskert_antall(2, skjul=False) == 2


# Registration


def test_reports_are_registered_for_the_department_that_owns_the_obligation(data):
    assert {"bistandsplikt-maaned", "belegg-maaned"} <= set(rapporttyper.keys())
    for kode in ("bistandsplikt-maaned", "belegg-maaned"):
        assert rapporttyper[kode].frekvens == "maaned"
        assert rapporttyper[kode].gjelder(data["SET"])
        assert not rapporttyper[kode].gjelder(data["BFE"])
    assert Skjema.objects.get(kode="bistandsplikt").eier == data["SET"]
    assert tertialdeler["indikatorer"].rekkefolge == 10


# Belegg


def belegg_i_databasen(month):
    """Occupancy per institution computed straight from the stored rows."""
    days = calendar.monthrange(month.year, month.month)[1]
    end = month.replace(day=days)
    result = {}
    for verdi in Verdi.objects.filter(
        innsending__skjema__kode="belegg",
        innsending__periode_fra=month,
        innsending__status__in=USED,
        felt__kode="liggedogn",
    ):
        institution = Institusjon.objects.get(pk=int(verdi.rad))
        places = (
            Kapasitet.objects.filter(institusjon=institution, gjelder_fra__lte=end)
            .order_by("-gjelder_fra")
            .first()
            .plasser
        )
        result[institution.navn] = (verdi.tall * 100 / (places * days)).quantize(Decimal("0.1"))
    return result


def test_belegg_lists_each_institution_with_the_occupancy_the_database_computes(data):
    expected = belegg_i_databasen(JULY[0])
    assert len(expected) == 3
    innhold = hent("belegg-maaned", data["SET"], JULY)
    assert innhold.har_data
    shown = {r["institusjon"].navn: r["belegg"] for r in innhold.context["institusjonsrader"]}
    assert shown == expected
    html = dokument("belegg-maaned", data["SET"], JULY, innhold)
    for name, value in expected.items():
        assert prosent(value) in row_of(html, name)
    # The same number the form computes when the numbers are entered.
    innsending = Innsending.objects.get(skjema__kode="belegg", periode_fra=JULY[0])
    checked = skjematyper.for_skjema(innsending.skjema).kontroller(
        innsending,
        {(v.felt.kode, v.rad): str(v.tall) for v in innsending.verdier.select_related("felt")},
    )
    assert {
        Institusjon.objects.get(pk=int(key)).navn: value["belegg"]
        for key, value in checked.beregnet.items()
    } == expected


def test_belegg_gives_places_bed_days_and_the_institutions_below_their_threshold(data):
    innhold = hent("belegg-maaned", data["SET"], JULY)
    html = dokument("belegg-maaned", data["SET"], JULY, innhold)
    rows = {r["institusjon"].navn: r for r in innhold.context["institusjonsrader"]}
    for name, row in rows.items():
        institution = row["institusjon"]
        assert row["plasser"] == institution.plasser_paa(JULY[1])
        assert row["plassdogn"] == row["plasser"] * 31
        stored = Verdi.objects.get(
            innsending__skjema__kode="belegg",
            innsending__periode_fra=JULY[0],
            felt__kode="liggedogn",
            rad=str(institution.pk),
        )
        assert row["liggedogn"] == stored.tall
        assert row["under_terskel"] == (row["belegg"] < Institusjon.TERSKEL[institution.type])
        assert f"{Institusjon.TERSKEL[institution.type]} %" in row_of(html, name)
    below = [r["institusjon"].navn for r in innhold.context["under_terskel"]]
    assert below == [name for name, r in rows.items() if r["under_terskel"]]
    assert below, "the demo data has an institution below its threshold in July"
    # Their comments: a comment given on the form is shown with the institution.
    institution = innhold.context["under_terskel"][0]["institusjon"]
    innsending = Innsending.objects.get(skjema__kode="belegg", periode_fra=JULY[0])
    Verdi.objects.create(
        innsending=innsending,
        felt=Skjemafelt.objects.get(skjema__kode="belegg", kode="kommentar"),
        rad=str(institution.pk),
        tekst="Ombygging <fløy B> i juli.",
    )
    html = dokument("belegg-maaned", data["SET"], JULY, hent("belegg-maaned", data["SET"], JULY))
    section = html[html.index('id="belegg-under-terskel"') :]
    assert escape("Ombygging <fløy B> i juli.") in row_of(section, institution.navn)


def test_belegg_series_covers_twelve_months_with_the_thresholds(data):
    innhold = hent("belegg-maaned", data["SET"], JULY)
    tabell = innhold.context["beleggdiagram"].tabell
    assert [r[0] for r in tabell.rader][0] == "august 2025"
    assert [r[0] for r in tabell.rader][-1] == "juli 2026"
    assert len(tabell.rader) == 12
    assert _("Threshold %(kinds)s") % {"kinds": "akutt"} + ": 80,0 %" in tabell.tittel
    assert _("Threshold %(kinds)s") % {"kinds": "omsorg/behandling"} + ": 83,0 %" in tabell.tittel
    column = tabell.kolonner.index("Demo akuttinstitusjon")
    assert tabell.rader[-1][column] == belegg_i_databasen(JULY[0])["Demo akuttinstitusjon"]
    html = dokument("belegg-maaned", data["SET"], JULY, innhold)
    assert html.count('role="img"') == 2  # occupancy, and capacity over time


def test_many_institutions_are_drawn_per_kind(data):
    add_institutions(data["BFE"], count=4)  # 7 institutions: too many lines to tell apart
    innhold = hent("belegg-maaned", data["SET"], JULY)
    tabell = innhold.context["beleggdiagram"].tabell
    assert tabell.kolonner == [_("Kind of institution"), "Akutt", "Omsorg", "Behandling"]
    care = [r for r in innhold.context["institusjonsrader"] if r["institusjon"].type == "omsorg"]
    assert len(care) == 5
    bed_days = sum(r["liggedogn"] for r in care)
    available = sum(r["plassdogn"] for r in care)
    expected = (Decimal(bed_days) * 100 / available).quantize(Decimal("0.1"))
    assert tabell.rader[-1][2] == expected
    kinds = {str(r["type"]): r for r in innhold.context["typerader"]}
    assert kinds["Omsorg"]["belegg"] == expected
    assert kinds["Omsorg"]["institusjoner"] == 5


# Bistandsplikt


def brudd_i_databasen(month, kode="BFE"):
    return {
        v.rad: int(v.tall)
        for v in Verdi.objects.filter(
            innsending__skjema__kode="bistandsplikt",
            innsending__virksomhet__kode=kode,
            innsending__periode_fra=month,
            innsending__status__in=USED,
            felt__kode="brudd",
        )
    }


def test_bistandsplikt_breaches_per_district_and_type_with_small_numbers_masked(data):
    stored = brudd_i_databasen(JULY[0])
    innhold = hent("bistandsplikt-maaned", data["SET"], JULY)
    assert innhold.har_data
    districts = Virksomhet.objects.filter(type=Virksomhet.Type.BYDEL)
    rows = {r["navn"]: r for r in innhold.context["bydelsrader"]}
    assert set(rows) == {d.navn for d in districts}
    kinds = [kind for kind, _label in skjematyper.PLASSERINGSTYPER]
    masked = 0
    for district in districts:
        counts = [stored.get(f"{district.kode}|{kind}", 0) for kind in kinds]
        assert rows[district.navn]["celler"] == [selectors.maskert_antall(c) for c in counts]
        assert rows[district.navn]["sum"] == selectors.maskert_antall(sum(counts))
        masked += sum(1 for c in counts if c in (1, 2))
    assert masked, "the demo data has a district with 1 or 2 breaches in July"
    # Totals for the whole city are numbers.
    assert innhold.context["sum_etat"] == sum(stored.values())
    html = dokument("bistandsplikt-maaned", data["SET"], JULY, innhold)
    masked_row = next(
        d.navn
        for d in districts
        if any(stored.get(f"{d.kode}|{kind}", 0) in (1, 2) for kind in kinds)
    )
    assert "&lt; 3" in row_of(html, masked_row)
    assert not re.search(r'<td class="tall">[12]</td>', row_of(html, masked_row))
    # The Excel table masks the same cells.
    table = innhold.tabeller[0]
    assert next(r for r in table.rader if r[0] == masked_row)[1:-2] == rows[masked_row]["celler"]


def test_bistandsplikt_lists_each_breach_with_its_explanation_and_eqs_reference(data):
    innhold = hent("bistandsplikt-maaned", data["SET"], JULY)
    html = dokument("bistandsplikt-maaned", data["SET"], JULY, innhold)
    references = Verdi.objects.filter(
        innsending__skjema__kode="bistandsplikt",
        innsending__periode_fra=JULY[0],
        felt__kode="eqs",
    ).values_list("tekst", flat=True)
    assert references
    for reference in references:
        assert escape(reference) in html
    assert len(innhold.context["bruddliste"]) == len(references)
    assert all(r["brudd"] == "< 3" or r["brudd"] >= 3 for r in innhold.context["bruddliste"])
    assert "Demo – ingen ledig plass av riktig type" in html


def test_bistandsplikt_series_and_acute_requests_match_the_database(data):
    innhold = hent("bistandsplikt-maaned", data["SET"], JULY)
    tabell = innhold.context["bruddiagram"].tabell
    assert len(tabell.rader) == 12
    assert tabell.kolonner[1:] == [
        _("Reported by %(name)s") % {"name": "Barne- og familieetaten"},
        _("Reported by the districts"),
    ]
    assert _("Zero vision") + ": 0" in tabell.tittel
    for row in tabell.rader:
        month = next(
            d
            for d in perioder.siste_maaneder(til=JULY[1], antall=12)
            if perioder.maanedsnavn(d) == row[0]
        )
        assert row[1] == sum(brudd_i_databasen(month).values())
        districts = Verdi.objects.filter(
            innsending__skjema__kode="bistandsplikt",
            innsending__virksomhet__type=Virksomhet.Type.BYDEL,
            innsending__periode_fra=month,
            innsending__status__in=USED,
            felt__kode="brudd",
        ).aggregate(sum=Sum("tall"))["sum"]
        assert row[2] == int(districts)
    acute = Verdi.objects.filter(
        innsending__skjema__kode="bistandsplikt",
        innsending__virksomhet__kode="BFE",
        innsending__periode_fra=JULY[0],
        rad__endswith="|akutt",
    )
    requests = acute.filter(felt__kode="foresporsler").aggregate(s=Sum("tall"))["s"]
    within = acute.filter(felt__kode="innen_2_timer").aggregate(s=Sum("tall"))["s"]
    bfe = innhold.context["akuttrader"][0]
    assert (bfe["akutte"], bfe["innen"]) == (requests, within)
    assert bfe["andel"] == (within * 100 / requests).quantize(Decimal("0.1"))
    assert _("Target") + ": 100,0 %" in innhold.context["akuttdiagram"].tabell.tittel


def test_the_report_names_who_has_not_reported_and_counts_what_is_not_approved(data):
    innhold = hent("bistandsplikt-maaned", data["SET"], JULY)
    assert innhold.datagrunnlag == {"mangler": [], "forelopige": 16}  # July is submitted
    july = Innsending.objects.filter(skjema__kode="bistandsplikt", periode_fra=JULY[0])
    july.filter(virksomhet__kode="alna").update(status=Innsending.Status.UTKAST)
    july.filter(virksomhet__kode="grorud").delete()
    innhold = hent("bistandsplikt-maaned", data["SET"], JULY)
    assert innhold.datagrunnlag == {
        "mangler": ["Bydel Alna", "Bydel Grorud"],
        "forelopige": 14,
    }
    html = dokument("bistandsplikt-maaned", data["SET"], JULY, innhold)
    data_as_of = html[html.index('class="datagrunnlag"') :]
    assert "<li>Bydel Alna</li>" in data_as_of
    assert "<li>Bydel Grorud</li>" in data_as_of
    assert "<p>14 " in data_as_of
    # A district that has not reported shows no number of its own, not a zero.
    assert selectors.maskert_antall(None) is None
    row = next(r for r in innhold.context["bydelsrader"] if r["navn"] == "Bydel Grorud")
    assert row["egen"] is None
    assert row_of(html, "Bydel Grorud").rstrip().endswith('<td class="tall">–</td>')
    # August is only a draft: everybody is missing, and there is nothing to send.
    august = (datetime.date(2026, 8, 1), datetime.date(2026, 8, 31))
    innhold = hent("bistandsplikt-maaned", data["SET"], august)
    assert not innhold.har_data
    assert len(innhold.datagrunnlag["mangler"]) == 16


def test_reports_follow_the_users_scope(data, users):
    scheduled = hent("belegg-maaned", data["SET"], JULY)
    officer = hent("belegg-maaned", data["SET"], JULY, user=users["set_styrer"])
    assert [r["belegg"] for r in officer.context["institusjonsrader"]] == [
        r["belegg"] for r in scheduled.context["institusjonsrader"]
    ]
    bistand = hent("bistandsplikt-maaned", data["SET"], JULY, user=users["set_styrer"])
    assert bistand.context["sum_etat"] == sum(brudd_i_databasen(JULY[0]).values())
    for kode in ("belegg-maaned", "bistandsplikt-maaned"):
        stranger = hent(kode, data["SET"], JULY, user=users["vel_rapportor"])
        assert not stranger.har_data
        assert stranger.context == {}


def count_queries(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def add_district_with_a_year_of_reports():
    skjema = Skjema.objects.get(kode="bistandsplikt")
    district = Virksomhet.objects.create(
        kode="ny-bydel", navn="Bydel Ny", type=Virksomhet.Type.BYDEL
    )
    skjema.rapportorer.add(district)
    fields = {f.kode: f for f in skjema.felt.all()}
    for month in perioder.siste_maaneder(til=JULY[1], antall=12):
        fra, til = skjema.periode(month)
        innsending = Innsending.objects.create(
            skjema=skjema,
            virksomhet=district,
            periode_fra=fra,
            periode_til=til,
            frist=skjema.frist_for(til),
            status=Innsending.Status.GODKJENT,
        )
        for kind, _label in skjematyper.PLASSERINGSTYPER:
            rad = f"ny-bydel|{kind}"
            Verdi.objects.create(
                innsending=innsending, felt=fields["foresporsler"], rad=rad, tall=2
            )
            Verdi.objects.create(innsending=innsending, felt=fields["brudd"], rad=rad, tall=1)
            Verdi.objects.create(innsending=innsending, felt=fields["eqs"], rad=rad, tekst="EQS-1")
    return district


def add_institutions(agency, count=2):
    innsendinger = Innsending.objects.filter(skjema__kode="belegg", virksomhet=agency)
    felt = Skjemafelt.objects.get(skjema__kode="belegg", kode="liggedogn")
    for number in range(count):
        institution = Institusjon.objects.create(
            virksomhet=agency, navn=f"Ekstra {number}", type=Institusjon.Type.OMSORG
        )
        Kapasitet.objects.create(
            institusjon=institution, gjelder_fra=datetime.date(2024, 1, 1), plasser=4
        )
        for innsending in innsendinger:
            Verdi.objects.create(innsending=innsending, felt=felt, rad=str(institution.pk), tall=90)


def test_query_count_does_not_grow_with_districts_institutions_or_months(data, users):
    january_2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))  # 5 months of data
    for user in (None, users["set_styrer"]):
        for kode in ("bistandsplikt-maaned", "belegg-maaned"):
            few_months = count_queries(partial(hent, kode, data["SET"], january_2025, user))
            twelve_months = count_queries(partial(hent, kode, data["SET"], JULY, user))
            assert few_months == twelve_months, kode
    before = {
        kode: count_queries(partial(hent, kode, data["SET"], JULY))
        for kode in ("bistandsplikt-maaned", "belegg-maaned")
    }
    district = add_district_with_a_year_of_reports()
    add_institutions(data["BFE"])
    after = {kode: count_queries(partial(hent, kode, data["SET"], JULY)) for kode in before}
    assert after == before
    assert before["bistandsplikt-maaned"] <= 8
    assert before["belegg-maaned"] <= 8
    # And the new rows are in the report.
    innhold = hent("bistandsplikt-maaned", data["SET"], JULY)
    row = next(r for r in innhold.context["bydelsrader"] if r["navn"] == district.navn)
    assert row["egen"] == 6
    belegg = hent("belegg-maaned", data["SET"], JULY)
    assert {"Ekstra 0", "Ekstra 1"} <= {
        r["institusjon"].navn for r in belegg.context["institusjonsrader"]
    }


# The tertial part


def forventet_resultat(indikator, bfe):
    """The result the tertial part should show: BFE's own result for 2026 from its
    monthly reports, else the latest result of the whole indicator."""
    own = Resultat.objects.filter(indikator=indikator, aar=2026, periode="", virksomhet=bfe)
    if own.exists():
        return own.get()
    whole = Resultat.objects.filter(
        indikator=indikator, periode="", virksomhet=None, aar__lte=2026
    ).order_by("-aar")
    return whole.filter(verdi__isnull=False).first() or whole.first()


def test_tertial_part_shows_each_indicator_with_target_result_and_status(data):
    bfe = data["BFE"]
    letter = Tildelingsbrev.objects.get(kilde="bfe-tildelingsbrev-2026")
    innhold, html = tertialdel("indikatorer", bfe, SECOND_TERTIAL)
    assert innhold.har_data
    indicators = list(Indikator.objects.filter(brev=letter))
    assert len(indicators) == len(innhold.context["indikatorrader"]) == 10
    for indikator in indicators:
        row = row_of(html, f"{indikator.kode} {indikator.navn}".strip())
        target = Maalverdi.objects.filter(indikator=indikator, aar=2026).first()
        if target is not None:
            assert escape(target.tekst) in row
        result = forventet_resultat(indikator, bfe)
        if result is not None:
            assert escape(result.tekst) in row
        shown = next(r for r in innhold.context["indikatorrader"] if r["indikator"] == indikator)
        assert str(shown["vurdering"].tekst) in row
        assert str(shown["vurdering"].tekst) in {
            "Oppnådd",
            "Ikke oppnådd",
            "Mangler data",
            "Ikke målbar",
        }
    # The agency's own reports feed «Hastetilbud fremskaffet innen 2 timer» this year.
    row = next(
        r
        for r in innhold.context["indikatorrader"]
        if r["indikator"].navn == "Hastetilbud fremskaffet innen 2 timer"
    )
    assert row["eget"]
    assert row["resultat_aar"] == _("%(year)s so far, reported by %(name)s") % {
        "year": 2026,
        "name": bfe.navn,
    }
    assert row["diagram"] is not None
    assert [r[0] for r in row["diagram"].tabell.rader] == [
        "2023",
        "2024",
        _("%(year)s (%(name)s, so far)") % {"year": 2026, "name": "BFE"},
    ]
    assert row["diagram"].tabell.rader[0][1] == Decimal("78.4")
    assert 'id="indikator-' in html


def test_tertial_part_sums_up_the_monthly_series_so_far_in_the_year(data):
    bfe = data["BFE"]
    innhold, html = tertialdel("indikatorer", bfe, SECOND_TERTIAL)
    stored = Verdi.objects.filter(
        innsending__skjema__kode="bistandsplikt",
        innsending__virksomhet=bfe,
        innsending__periode_fra__year=2026,
        innsending__status__in=USED,
        felt__kode="brudd",
    ).aggregate(s=Sum("tall"))["s"]
    assert innhold.context["bistandsplikt"]["brudd"] == stored
    assert innhold.context["bistandsplikt"]["maaneder_rapportert"] == 7  # August is a draft
    rows = {r["institusjon"].navn: r for r in innhold.context["belegg"]["rader"]}
    assert set(rows) == {i.navn for i in Institusjon.objects.filter(virksomhet=bfe)}
    for name, row in rows.items():
        assert prosent(row["belegg"]) in row_of(html, name)
    assert innhold.datagrunnlag["mangler"] == [
        _("%(obligation)s: %(organisation)s, %(month)s")
        % {"obligation": obligation, "organisation": bfe.navn, "month": "august 2026"}
        for obligation in ("Avvik på bistandsplikten", "Belegg på institusjonene")
    ]
    assert innhold.datagrunnlag["forelopige"] == 2  # July, of each obligation
    # An agency that reports no monthly numbers gets no such summary.
    vel, _html = tertialdel("indikatorer", data["VEL"], SECOND_TERTIAL)
    assert vel.context["bistandsplikt"] is None
    assert vel.context["belegg"] is None


def test_tertial_part_follows_the_users_scope(data, users):
    bfe = data["BFE"]
    leader, _html = tertialdel("indikatorer", bfe, SECOND_TERTIAL, user=users["bfe_godkjenner"])
    assert len(leader.context["indikatorrader"]) == 10
    stranger, _html = tertialdel("indikatorer", bfe, SECOND_TERTIAL, user=users["vel_rapportor"])
    assert stranger.context["indikatorrader"] == []
    assert stranger.context["belegg"] is None


def test_tertial_query_count_does_not_grow_with_indicators_or_institutions(data, users):
    bfe = data["BFE"]
    letter = Tildelingsbrev.objects.get(kilde="bfe-tildelingsbrev-2026")

    def run(user):
        return reports.hent_tertial_indikatorer(
            virksomhet=bfe,
            periode_fra=SECOND_TERTIAL[0],
            periode_til=SECOND_TERTIAL[1],
            user=user,
        )

    before = [count_queries(lambda u=u: run(u)) for u in (None, users["set_styrer"])]
    for number in range(3):
        indikator = Indikator.objects.create(
            navn=f"Ny indikator {number}", type=Indikator.Type.RESULTATINDIKATOR, eier=bfe
        )
        indikator.brev.add(letter)
        Maalverdi.objects.create(indikator=indikator, aar=2026, tekst="Minst 50 %")
        Resultat.objects.create(indikator=indikator, aar=2024, tekst="40 %")
        Resultat.objects.create(indikator=indikator, aar=2025, tekst="45 %")
    add_institutions(bfe)
    after = [count_queries(lambda u=u: run(u)) for u in (None, users["set_styrer"])]
    assert after == before
    assert len(run(None).context["indikatorrader"]) == 13
