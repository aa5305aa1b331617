"""The one chart module: SVG a screen reader, a printer and WeasyPrint can all read."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from styring.diagram import (
    Referanselinje,
    Serie,
    formater_prosent,
    formater_tall,
    linjediagram,
    stolpediagram,
    tabellvisning,
)
from styring.reports.typer import Tabell

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["jan\n2026", "feb", "mar", "apr", "mai", "jun"]


@pytest.fixture(autouse=True)
def _bokmaal():
    with translation.override("nb"):
        yield


def parse(diagram):
    return ET.fromstring(str(diagram.svg))


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def series_groups(root):
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "serie"]


def occupancy_chart(**kwargs):
    options = {
        "tittel": "Belegg per institusjon",
        "kategorier": MONTHS,
        "serier": [
            Serie(
                "Akutt",
                [Decimal("84.0"), Decimal("93.7"), None, Decimal("80.0"), Decimal("88.1"), 90],
            ),
            Serie("Omsorg", [Decimal("79.5"), Decimal("81.0"), 83, 85, 86, Decimal("82.25")]),
        ],
        "referanselinjer": [Referanselinje("Terskel akutt", 80), Referanselinje("Terskel", 83)],
        "enhet": "%",
        "desimaler": 1,
        "y_min": 50,
        "y_maks": 100,
        "kategori_overskrift": "Måned",
    }
    options.update(kwargs)
    return linjediagram(**options)


# Numbers


def test_numbers_are_written_the_norwegian_way():
    assert formater_prosent(Decimal("93.7")) == "93,7 %"
    assert formater_prosent(84) == "84,0 %"
    assert formater_prosent(Decimal("82.25")) == "82,3 %"  # rounded half up, not cut
    assert formater_tall(394978) == "394\xa0978"
    assert formater_tall(Decimal("1234.5"), desimaler=1) == "1\xa0234,5"
    assert formater_tall(None) == "–"


# Line chart


def test_line_chart_is_an_image_named_by_its_title_and_description():
    diagram = occupancy_chart()
    root = parse(diagram)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Belegg per institusjon"
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    # The description says the numbers in words, in Norwegian format.
    assert "93,7 %" in desc.text
    assert "Terskel akutt: 80,0 %" in desc.text


def test_line_chart_has_a_fixed_viewbox_and_nothing_a_printer_cannot_draw():
    source = str(occupancy_chart().svg)
    root = ET.fromstring(source)
    assert re.fullmatch(r"0 0 720 \d+(\.\d+)?", root.get("viewBox"))
    assert root.get("width") == "100%"
    assert "<script" not in source
    assert "var(--" not in source
    assert "href" not in source
    assert "@font-face" not in source
    assert "<style" not in source


def test_line_chart_draws_one_point_per_value_and_breaks_the_line_at_a_gap():
    diagram = occupancy_chart()
    root = parse(diagram)
    akutt, omsorg = series_groups(root)
    assert len([c for c in akutt if c.tag != f"{SVG}path"]) == 5  # one month has no value
    assert len([c for c in omsorg if c.tag != f"{SVG}path"]) == 6
    assert akutt.find(f"{SVG}path").get("d").count("M") == 2  # the gap splits the line
    assert omsorg.find(f"{SVG}path").get("d").count("M") == 1
    assert diagram.punkter == {"Akutt": [0, 1, 3, 4, 5], "Omsorg": [0, 1, 2, 3, 4, 5]}


def test_series_differ_by_dash_pattern_and_marker_not_only_by_colour():
    root = parse(occupancy_chart())
    akutt, omsorg = series_groups(root)
    assert akutt.find(f"{SVG}path").get("stroke-dasharray") != omsorg.find(f"{SVG}path").get(
        "stroke-dasharray"
    )
    first_marker = {c.tag for c in akutt if c.tag != f"{SVG}path"}
    second_marker = {c.tag for c in omsorg if c.tag != f"{SVG}path"}
    assert first_marker != second_marker
    # Each series is labelled directly with its latest value.
    labels = texts(root)
    assert "Akutt 90,0 %" in labels
    assert "Omsorg 82,3 %" in labels


def test_threshold_lines_lie_where_the_values_they_mark_lie():
    root = parse(occupancy_chart())
    lines = [line for line in root.iter(f"{SVG}line") if line.get("class") == "referanselinje"]
    assert len(lines) == 2
    at_80, at_83 = (float(line.get("y1")) for line in lines)
    assert all(line.get("y1") == line.get("y2") for line in lines)  # horizontal
    # The akutt value 80,0 (April) is drawn exactly on the 80 % line.
    akutt = series_groups(root)[0]
    april = [c for c in akutt if c.tag != f"{SVG}path"][2]
    assert float(april.get("cy")) == pytest.approx(at_80, abs=0.1)
    # 83 is above 80 (SVG y grows downwards), by 3/50 of the plot's height.
    grid = sorted(
        float(line.get("y1")) for line in root.iter(f"{SVG}line") if line.get("stroke") == "#d9d9e0"
    )
    per_unit = (grid[-1] - grid[0]) / 50  # the axis runs from 50 % to 100 %
    assert at_80 - at_83 == pytest.approx(3 * per_unit, abs=0.2)
    assert "Terskel akutt: 80,0 %" in texts(root)


def test_axis_labels_are_norwegian_percentages():
    labels = texts(parse(occupancy_chart()))
    assert {"50 %", "60 %", "70 %", "80 %", "90 %", "100 %"} <= set(labels)
    assert "jan2026" in labels  # two lines: «jan» over «2026»


def test_labels_are_escaped():
    attack = "<script>alert('x')</script> & co"
    diagram = linjediagram(
        tittel=attack,
        kategorier=[attack, "feb"],
        serier=[Serie(attack, [1, 2])],
        referanselinjer=[Referanselinje(attack, 0)],
        beskrivelse=attack,
    )
    source = str(diagram.svg)
    root = ET.fromstring(source)  # still well-formed XML
    assert "<script" not in source
    assert not list(root.iter(f"{SVG}script"))
    assert root.find(f"{SVG}title").text == attack
    assert attack in root.find(f"{SVG}desc").text
    assert any(text.startswith("<script>") for text in texts(root))


def test_each_chart_gets_its_own_ids():
    first, second = occupancy_chart(), occupancy_chart(tittel="Noe annet")
    assert first.id != second.id
    assert occupancy_chart().id == first.id  # the same chart, the same id
    assert occupancy_chart(diagram_id="belegg-1").id == "belegg-1"
    assert 'id="belegg-1-tittel"' in str(occupancy_chart(diagram_id="belegg-1").svg)


def test_line_chart_gives_its_numbers_as_a_table():
    diagram = occupancy_chart(kategorier_tabell=["januar 2026", *MONTHS[1:]])
    tabell = diagram.tabell
    assert isinstance(tabell, Tabell)
    assert tabell.tittel == "Belegg per institusjon (Terskel akutt: 80,0 %; Terskel: 83,0 %)"
    assert tabell.kolonner == ["Måned", "Akutt", "Omsorg"]
    assert tabell.rader[0] == ["januar 2026", Decimal("84.0"), Decimal("79.5")]
    assert tabell.rader[2] == ["mar", None, Decimal("83.0")]
    assert tabell.rader[5] == ["jun", Decimal("90.0"), Decimal("82.3")]
    shown = diagram.visning()
    assert [c["tekst"] for c in shown["rader"][2]] == ["mar", "–", "83,0 %"]
    assert shown["rader"][0][1] == {"tekst": "84,0 %", "tall": True}


def test_counts_keep_whole_ticks():
    diagram = linjediagram(
        tittel="Brudd",
        kategorier=["jan", "feb", "mar"],
        serier=[Serie("BFE", [0, 1, 3])],
        referanselinjer=[Referanselinje("Nullvisjon", 0)],
        heltall=True,
    )
    labels = texts(parse(diagram))
    ticks = [t for t in labels if re.fullmatch(r"-?\d+([,.]\d+)?", t)]
    assert ticks == ["0", "1", "2", "3"]
    assert diagram.tabell.rader == [["jan", 0], ["feb", 1], ["mar", 3]]


def test_a_chart_without_values_says_so():
    diagram = linjediagram(tittel="Tomt", kategorier=["jan"], serier=[Serie("BFE", [None])])
    root = parse(diagram)
    assert series_groups(root)[0].find(f"{SVG}path") is None
    assert "Mangler data" in texts(root)


def test_values_and_categories_must_match():
    with pytest.raises(ValueError, match="2 values, 3 categories"):
        linjediagram(tittel="Feil", kategorier=["a", "b", "c"], serier=[Serie("x", [1, 2])])


# Bar chart


def districts_chart():
    return stolpediagram(
        tittel="Brudd per bydel",
        kategorier=["Bydel Alna", "Bydel Bjerke", "Bydel Frogner", "Bydel <Grorud>"],
        serier=[Serie("BFE", [0, None, 4, 8], [None, "< 3", None, None])],
        heltall=True,
        kategori_overskrift="Bydel",
    )


def bars(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "stolpe"]


def test_bar_chart_draws_a_bar_per_value_from_zero_and_a_label_instead_of_a_masked_one():
    diagram = districts_chart()
    root = parse(diagram)
    assert root.get("role") == "img"
    drawn = bars(root)
    assert len(drawn) == 3  # the masked count has no bar
    alna, frogner, grorud = drawn
    assert float(alna.get("width")) == 0
    assert float(grorud.get("width")) == pytest.approx(2 * float(frogner.get("width")), abs=0.2)
    assert alna.get("x") == frogner.get("x") == grorud.get("x")  # all start at zero
    labels = texts(root)
    assert "< 3" in labels
    assert "Bydel <Grorud>" in labels
    assert "&lt;Grorud&gt;" in str(diagram.svg)
    assert diagram.tabell.rader == [
        ["Bydel Alna", 0],
        ["Bydel Bjerke", "< 3"],
        ["Bydel Frogner", 4],
        ["Bydel <Grorud>", 8],
    ]


def test_bar_chart_marks_a_target_where_its_value_lies():
    diagram = stolpediagram(
        tittel="Hastetilbud innen 2 timer",
        kategorier=["2023", "2024"],
        serier=[Serie("Resultat", [Decimal("78.4"), Decimal("100")])],
        referanselinjer=[Referanselinje("Mål 2026", 100, tekst="100 %")],
        enhet="%",
        desimaler=1,
    )
    root = parse(diagram)
    target = next(line for line in root.iter(f"{SVG}line") if line.get("class") == "referanselinje")
    full = bars(root)[1]
    bar_end = float(full.get("x")) + float(full.get("width"))
    assert float(target.get("x1")) == pytest.approx(bar_end, abs=0.1)
    assert target.get("x1") == target.get("x2")  # vertical
    assert {"78,4 %", "100,0 %", "Mål 2026: 100 %"} <= set(texts(root))


def test_grouped_bars_are_told_apart_by_fill_pattern_and_a_legend():
    diagram = stolpediagram(
        tittel="Resultat og mål",
        kategorier=["2024", "2025"],
        serier=[Serie("Resultat", [3, 5]), Serie("Mål", [4, 4])],
    )
    root = parse(diagram)
    drawn = bars(root)
    result_fill, target_fill = drawn[0].get("fill"), drawn[1].get("fill")
    assert result_fill.startswith("#")
    assert target_fill.startswith("url(#")  # hatched
    pattern_id = target_fill[len("url(#") : -1]
    assert root.find(f".//{SVG}pattern[@id='{pattern_id}']") is not None
    assert {"Resultat", "Mål"} <= set(texts(root))


def test_table_view_writes_numbers_as_the_chart_does():
    tabell = Tabell("T", ["Bydel", "Brudd", "Andel"], [["Alna", 1234, Decimal("93.7")]])
    shown = tabellvisning(tabell, enhet="%", desimaler=1)
    assert [c["tekst"] for c in shown["rader"][0]] == ["Alna", "1\xa0234,0 %", "93,7 %"]


def test_weasyprint_draws_the_chart_with_its_text():
    from io import BytesIO

    from pypdf import PdfReader
    from weasyprint import HTML

    diagram = occupancy_chart()
    html = f'<html lang="nb"><body>{diagram.svg}</body></html>'
    text = PdfReader(BytesIO(HTML(string=html).write_pdf())).pages[0].extract_text()
    assert "Terskel akutt: 80,0 %" in text
    assert "Akutt 90,0 %" in text
