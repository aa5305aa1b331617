"""The budget pages: the letter's tables with their checks, the follow-up, the forms for a
month's accounts and a tertial's forecast, the department's overview, exports — and that
a user of another agency gets 404 on every one of BFE's."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budsjett.models import Budsjettrapport, Prognose, Regnskap
from styring.access import Rolle
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Endring

from .conftest import JAN_APR
from .test_oppfolging import EXPLAINED, FORECAST

PROGNOSE = Budsjettrapport.Type.PROGNOSE


def bfe_pages():
    return [
        reverse("budsjett:budsjett-virksomhet", args=["BFE", 2026]),
        reverse("budsjett:budsjett-oppfolging", args=["BFE", 2026]),
        reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1]),
        reverse("budsjett:budsjett-prognose", args=["BFE", 2026, 1]),
        reverse("budsjett:budsjett-eksport", args=["BFE", 2026, "csv"]),
        reverse("budsjett:budsjett-eksport", args=["BFE", 2026, "xlsx"]),
        reverse("budsjett:budsjett-oppfolging-eksport", args=["BFE", 2026, "csv"]),
        reverse("budsjett:budsjett-oppfolging-eksport", args=["BFE", 2026, "xlsx"]),
        reverse("budsjett:budsjett-regnskap-mal", args=["BFE", 2026]),
    ]


def text(response):
    """The page as text, amounts with a plain space."""
    return response.content.decode().replace("\xa0", " ")


def test_every_bfe_page_answers_404_to_a_vel_user(jan_apr, users, client_for):
    vel = client_for(users["vel_rapportor"])
    for url in bfe_pages():
        assert vel.get(url).status_code == 404, url
    for url in bfe_pages()[2:4]:
        assert vel.post(url, {"handling": "lagre", "versjon": "1"}).status_code == 404, url
    assert Regnskap.objects.filter(rapport__virksomhet__kode="VEL").count() == 0


def test_every_bfe_page_opens_for_bfe_and_the_department(jan_apr, users, client_for):
    for user in ("bfe_leser", "set_styrer"):
        client = client_for(users[user])
        for url in bfe_pages():
            assert client.get(url).status_code == 200, (user, url)


def test_the_budget_list_and_overview_leave_bfe_out_for_vel(jan_apr, users, client_for):
    vel = client_for(users["vel_rapportor"])
    for url in (reverse("budsjett:budsjett"), reverse("budsjett:budsjett-avvik")):
        response = vel.get(url)
        assert response.status_code == 200
        assert "Barne- og familieetaten" not in response.text
        assert "/budsjett/BFE/" not in response.text
    own = client_for(users["set_styrer"]).get(reverse("budsjett:budsjett"))
    assert reverse("budsjett:budsjett-virksomhet", args=["BFE", 2026]) in own.text


def test_a_year_without_a_budget_is_not_found(brev, users, client_for):
    client = client_for(users["set_styrer"])
    assert (
        client.get(reverse("budsjett:budsjett-virksomhet", args=["BFE", 2031])).status_code == 404
    )
    assert (
        client.get(reverse("budsjett:budsjett-oppfolging", args=["VEL", 2026])).status_code == 404
    )
    assert (
        client.get(reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 13])).status_code == 404
    )
    assert (
        client.get(reverse("budsjett:budsjett-prognose", args=["BFE", 2026, 4])).status_code == 404
    )


def test_the_bfe_budget_page_shows_the_tables_and_the_passing_reconciliation(
    brev, users, client_for
):
    response = client_for(users["bfe_leser"]).get(
        reverse("budsjett:budsjett-virksomhet", args=["BFE", 2026])
    )
    page = text(response)
    assert 'data-avstemming="ok"' in page
    assert 'data-avstemming="avvik"' not in page
    for year in (2026, 2027, 2028, 2029):
        assert f'data-aar="{year}" data-stemmer="ja"' in page
    assert "394 978" in page
    assert "381 897" in page
    assert "-102 753" in page
    assert "Vedtatt budsjett 2025 videreført (netto)" in page
    assert "Generell rammereduksjon 2026-2029" in page
    assert "BFE - Nytt fagsystem barnevern" in page
    for shown in ("Oslobygg KF", "126402", "20 000"):
        assert shown in page
    assert "data-differanse" not in page


def test_the_region_ost_page_shows_printed_and_calculated_and_flags_the_difference(
    brev, users, client_for
):
    response = client_for(users["bufdir_styrer"]).get(
        reverse("budsjett:budsjett-virksomhet", args=["region-ost", 2023])
    )
    assert response.status_code == 200
    page = text(response)
    for shown in ("1 176 423", "775 419", "1 951 843", "1 951 842"):
        assert shown in page
    table = page[page.index('data-tabell="Tabell 11"') :]
    table = table[: table.index("</table>")]
    assert 'data-differanse="1" data-beregnet="1951842"' in table
    assert re.search(r'<tr data-avvik="1">\s*<td><a[^>]*>Tabell 11', page)


@pytest.mark.parametrize(
    ("region", "difference"),
    [
        ("region-sor", "1"),
        ("region-vest", "-1"),
        ("region-midt-norge", None),
        ("region-nord", None),
    ],
)
def test_the_other_regions_kap_855_totals(brev, users, client_for, region, difference):
    page = text(
        client_for(users["bufdir_styrer"]).get(
            reverse("budsjett:budsjett-virksomhet", args=[region, 2023])
        )
    )
    table = page[page.index('data-tabell="Tabell 11"') :]
    table = table[: table.index("</table>")]
    if difference is None:
        assert "data-differanse" not in table
    else:
        assert f'data-differanse="{difference}"' in table


def test_a_region_sees_its_own_column_only(brev, users, make_user, client_for):
    directorate = client_for(users["bufdir_styrer"])
    page = directorate.get(reverse("budsjett:budsjett-virksomhet", args=["Bufdir", 2023])).text
    assert "Bufetat, region nord" in page  # the directorate sees every region
    client = client_for(make_user("region-ost", Rolle.LESER))
    page = client.get(reverse("budsjett:budsjett-virksomhet", args=["region-ost", 2023])).text
    assert "Bufetat, region nord" not in page
    assert (
        client.get(reverse("budsjett:budsjett-virksomhet", args=["region-nord", 2023])).status_code
        == 404
    )


def test_the_letter_shows_its_budget_in_section_4_3(brev, users, client_for):
    page = text(client_for(users["bfe_leser"]).get(brev["bfe"].get_absolute_url()))
    section = page[page.index('id="seksjon-4-3"') :]
    section = section[: section.index('id="seksjon-4-4"')]
    assert "Kap. 360 Barne- og familieetaten - driftsbudsjettet" in section
    assert "394 978" in section
    assert 'data-avstemming="ok"' in section
    bufdir = text(client_for(users["bufdir_styrer"]).get(brev["bufdir"].get_absolute_url()))
    assert "Tabell 11 – Tildeling på kap. 855" in bufdir
    assert "1 951 843" in bufdir


def test_the_follow_up_page_shows_accounts_forecast_and_deviation(
    jan_apr, lagre, users, client_for, frozen
):
    lagre(PROGNOSE, 1, FORECAST, forklaringer=EXPLAINED)
    response = client_for(users["set_styrer"]).get(
        reverse("budsjett:budsjett-oppfolging", args=["BFE", 2026])
    )
    page = text(response)
    row = page[page.index('data-konto="13"') :]
    row = row[: row.index("</tr>")]
    assert 'data-vesentlig="ja"' in row
    for shown in (
        "65 733",
        "24 200",
        "36,8 %",
        "72 600",
        "6 867",
        "10,4 %",
        "Flere kjøpte plasser.",
    ):
        assert shown in row
    assert 'data-vesentlige="2"' in page
    assert "april 2026" in page
    assert "1. tertial 2026" in page


def test_a_month_is_saved_through_the_form_and_audited(brev, users, client_for, kontoer):
    url = reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 3])
    client = client_for(users["bfe_rapportor"])
    form = client.get(url)
    assert f'name="b__{kontoer["10"].pk}"' in form.text
    data = {"handling": "lagre", "versjon": "0"}
    data.update({f"b__{kontoer[code].pk}": str(amount) for code, amount in JAN_APR[3].items()})
    response = client.post(url, data)
    assert response.status_code == 302
    rapport = Budsjettrapport.objects.get(periode=3)
    assert Regnskap.objects.get(rapport=rapport, konto__kode="17").belop == -40_500
    assert Endring.objects.for_object(rapport).filter(handling="endret").exists()


def test_a_wrong_amount_in_the_form_is_shown_at_its_field_and_nothing_saved(
    brev, users, client_for, kontoer
):
    url = reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 3])
    field = f"b__{kontoer['10'].pk}"
    response = client_for(users["bfe_rapportor"]).post(
        url, {"handling": "lagre", "versjon": "0", field: "63 tusen"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert "Skriv inn et heltall." in response.text
    assert 'value="63 tusen"' in response.text
    assert not Regnskap.objects.exists()


def test_the_forecast_form_asks_for_the_explanation_of_a_material_deviation(
    jan_apr, users, client_for, kontoer, frozen
):
    url = reverse("budsjett:budsjett-prognose", args=["BFE", 2026, 1])
    client = client_for(users["bfe_rapportor"])
    data = {"handling": "lagre", "versjon": "0"}
    data.update({f"b__{kontoer[c].pk}": str(a) for c, a in FORECAST.items()})
    response = client.post(url, data)
    assert response.status_code == 200
    assert f'id="f-{kontoer["13"].pk}-feil"' in response.text
    assert not Prognose.objects.exists()
    data.update({f"f__{kontoer[c].pk}": t for c, t in EXPLAINED.items()})
    assert client.post(url, data).status_code == 302
    assert Prognose.objects.get(konto=kontoer["13"]).forklaring == "Flere kjøpte plasser."


def test_the_workflow_buttons(jan_apr, users, client_for):
    url = reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1])
    reporter = client_for(users["bfe_rapportor"]).get(url)
    assert 'value="lever"' not in reporter.text  # only the approver submits
    approver = client_for(users["bfe_godkjenner"])
    assert 'value="lever"' in approver.get(url).text
    assert approver.post(url, {"handling": "lever"}).status_code == 302
    locked = approver.get(url)
    assert 'name="b__' not in locked.text
    assert 'data-status="levert"' in locked.text
    officer = client_for(users["set_styrer"])
    assert officer.post(url, {"handling": "godkjenn"}).status_code == 302
    assert Budsjettrapport.objects.get(periode=1).status == "godkjent"
    assert officer.post(url, {"handling": "returner", "kommentar": "Sjekk 17."}).status_code == 302
    returned = client_for(users["bfe_rapportor"]).get(url)
    assert "Sjekk 17." in returned.text
    assert 'name="b__' in returned.text
    # The department officer sees the change log of the report.
    officer = client_for(users["set_styrer"])
    assert 'id="endringslogg"' in officer.get(url).text


def test_a_reader_cannot_save(brev, users, client_for, kontoer):
    url = reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 1])
    response = client_for(users["bfe_leser"]).post(
        url, {"handling": "lagre", "versjon": "0", f"b__{kontoer['10'].pk}": "1"}
    )
    assert response.status_code == 403


def test_the_department_overview_lists_deviations_per_agency(
    jan_apr, lagre, users, client_for, frozen
):
    lagre(PROGNOSE, 1, FORECAST, forklaringer=EXPLAINED)
    page = text(client_for(users["set_styrer"]).get(reverse("budsjett:budsjett-avvik")))
    block = page[page.index('data-virksomhet="BFE"') :]
    block = block[: block.index("</tbody>")]
    assert "Kap. 360 Barne- og familieetaten" in block
    for shown in ("394 978", "136 050", "435 994", "41 016"):
        assert shown in block
    assert "10,4 %" in block
    bufdir = text(
        client_for(users["bufdir_styrer"]).get(reverse("budsjett:budsjett-avvik") + "?aar=2023")
    )
    assert 'data-virksomhet="region-ost"' in bufdir
    assert 'data-virksomhet="BFE"' not in bufdir


def test_the_follow_up_export_as_csv_and_excel(jan_apr, lagre, users, client_for, frozen):
    from openpyxl import load_workbook

    lagre(PROGNOSE, 1, FORECAST, forklaringer=EXPLAINED)
    client = client_for(users["set_styrer"])
    response = client.get(
        reverse("budsjett:budsjett-oppfolging-eksport", args=["BFE", 2026, "csv"])
    )
    assert (
        response["Content-Disposition"] == 'attachment; filename="budsjettoppfolging-bfe-2026.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 7
    by_code = {row[3]: row for row in rows[1:]}
    assert by_code["13"][5:12] == ["65733", "24200", "36,8", "72600", "1", "6867", "10,4"]
    response = client.get(
        reverse("budsjett:budsjett-oppfolging-eksport", args=["BFE", 2026, "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert sorted(row[10] for row in values) == [-3000, 0, 0, 0, 2753, 6867, 34396]
    assert (
        client.get(
            reverse("budsjett:budsjett-avvik-eksport", args=["csv"]) + "?aar=2026"
        ).status_code
        == 200
    )


def test_the_budget_export_keeps_printed_and_calculated(brev, users, client_for):
    response = client_for(users["bufdir_styrer"]).get(
        reverse("budsjett:budsjett-eksport", args=["region-ost", 2023, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    total = next(r for r in rows if r[0] == "Tabell 11" and r[3] == "Sum kapittel 855")
    assert total[7:] == ["1951843", "1 951 843", "1951842", "1"]
    assert (
        client_for(users["bufdir_styrer"])
        .get(reverse("budsjett:budsjett-eksport", args=["region-ost", 2023, "pdf"]))
        .status_code
        == 404
    )


def test_exported_text_cannot_start_a_formula(jan_apr, lagre, users, client_for, frozen):
    lagre(PROGNOSE, 1, FORECAST, forklaringer={**EXPLAINED, "13": '=HYPERLINK("x")'})
    response = client_for(users["set_styrer"]).get(
        reverse("budsjett:budsjett-oppfolging-eksport", args=["BFE", 2026, "csv"])
    )
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_the_menu_has_the_budget(brev, users, client_for):
    page = client_for(users["bfe_leser"]).get(reverse("budsjett:budsjett")).text
    assert f'href="{reverse("budsjett:budsjett")}" aria-current="page"' in page


def test_submitting_is_refused_in_words_when_incomplete(brev, lagre, users, client_for):
    lagre(Budsjettrapport.Type.REGNSKAP, 6, {"10": 70_000})
    url = reverse("budsjett:budsjett-regnskap", args=["BFE", 2026, 6])
    response = client_for(users["bfe_godkjenner"]).post(url, {"handling": "lever"})
    assert response.status_code == 200
    assert 'id="handlingsfeil"' in response.text
    assert Budsjettrapport.objects.get(periode=6).status == "utkast"
    with pytest.raises(ValidationError):  # the domain refuses it the same way
        arbeidsflyt.lever(
            objekt=Budsjettrapport.objects.get(periode=6), user=users["bfe_godkjenner"]
        )
