"""The budget API: scoped lists and objects, accounts and forecasts written through the
domain, 400 with field errors on bad input, never 500."""

import pytest
from django.urls import reverse

from budsjett.models import Budsjettlinje, Budsjettrapport, Regnskap

from .test_oppfolging import EXPLAINED, FORECAST

LIST_NAMES = [
    "api:budsjett:kapittel-list",
    "api:budsjett:budsjettlinje-list",
    "api:budsjett:budsjettendring-list",
    "api:budsjett:investering-list",
    "api:budsjett:budsjettrapport-list",
    "api:budsjett:regnskap-list",
    "api:budsjett:prognose-list",
]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"] if "results" in response.json() else response.json()


def open_report(api, type="regnskap", periode=1, virksomhet="BFE", aar=2026):
    return api.post(
        reverse("api:budsjett:budsjettrapport-list"),
        {"virksomhet": virksomhet, "aar": aar, "type": type, "periode": periode},
        format="json",
    )


def save(api, report, verdier, versjon=None):
    return api.post(
        reverse("api:budsjett:budsjettrapport-verdier", args=[report["id"]]),
        {"versjon": report["versjon"] if versjon is None else versjon, "verdier": verdier},
        format="json",
    )


def test_the_lines_of_kap_360_sum_to_the_adopted_budget(brev, users, api_for):
    api = api_for(users["bfe_leser"])
    url = reverse("api:budsjett:budsjettlinje-list")
    rows = results(api.get(url, {"aar": 2026, "virksomhet": "BFE", "kapittel": "360"}))
    budget = [r for r in rows if r["radtype"] == "linje" and r["aar"] == 2026]
    assert sum(r["belop"] for r in budget) == 394_978
    only = results(api.get(url, {"aar": 2026, "budsjett": "true", "virksomhet": "BFE"}))
    assert sum(r["belop"] for r in only if r["aar"] == 2029) == 381_897


def test_the_kap_855_lines_keep_the_printed_total(brev, users, api_for):
    api = api_for(users["bufdir_styrer"])
    rows = results(
        api.get(
            reverse("api:budsjett:budsjettlinje-list"),
            {"virksomhet": "region-ost", "kapittel": "855", "radtype": "sum"},
        )
    )
    totals = {(r["tabellkode"], r["navn"]): r["belop"] for r in rows}
    assert totals[("Tabell 11", "Sum kapittel 855")] == 1_951_843
    assert totals[("Tabell 11", "Sum post 01")] == 1_176_423


def test_changes_come_with_an_amount_per_year(brev, users, api_for):
    rows = results(
        api_for(users["set_styrer"]).get(
            reverse("api:budsjett:budsjettendring-list"), {"gruppe": "viderefort"}
        )
    )
    (item,) = rows
    assert item["tekst"] == "Vedtatt budsjett 2025 videreført (netto)"
    assert [a["belop"] for a in item["aarsbelop"]] == [364_386] * 4


def test_a_vel_user_sees_none_of_bfes_budget_or_accounts(jan_apr, lagre, users, api_for):
    lagre(Budsjettrapport.Type.PROGNOSE, 1, FORECAST, forklaringer=EXPLAINED)
    api = api_for(users["vel_rapportor"])
    for name in LIST_NAMES:
        assert results(api.get(reverse(name))) == [], name
    line = Budsjettlinje.objects.filter(virksomhet__kode="BFE").first()
    report = Budsjettrapport.objects.first()
    account = Regnskap.objects.first()
    assert api.get(reverse("api:budsjett:budsjettlinje-detail", args=[line.pk])).status_code == 404
    assert (
        api.get(reverse("api:budsjett:budsjettrapport-detail", args=[report.pk])).status_code == 404
    )
    assert api.get(reverse("api:budsjett:regnskap-detail", args=[account.pk])).status_code == 404
    assert (
        api.post(
            reverse("api:budsjett:budsjettrapport-verdier", args=[report.pk]),
            {"versjon": 1, "verdier": []},
            format="json",
        ).status_code
        == 404
    )
    assert open_report(api).status_code == 404
    follow_up = api.get(
        reverse("api:budsjett:budsjettoppfolging"), {"virksomhet": "BFE", "aar": 2026}
    )
    assert follow_up.status_code == 404


def test_accounts_and_a_forecast_through_the_api_give_the_deviation(
    brev, users, api_for, kontoer, frozen
):
    api = api_for(users["bfe_rapportor"])
    created = open_report(api)
    assert created.status_code == 201
    report = created.json()
    assert open_report(api).status_code == 200  # opening again answers the same report
    response = save(api, report, [{"konto": kontoer["13"].pk, "belop": "24 200"}])
    assert response.status_code == 200, response.content
    assert response.json()["versjon"] == 1
    assert response.json()["verdier"][0]["belop"] == 24_200

    forecast = open_report(api, type="prognose", periode=1).json()
    bad = save(api, forecast, [{"konto": kontoer["13"].pk, "belop": 72_600}])
    assert bad.status_code == 400
    assert list(bad.json()) == [f"forklaring|{kontoer['13'].pk}"]
    good = save(
        api,
        forecast,
        [{"konto": kontoer["13"].pk, "belop": 72_600, "forklaring": "Flere kjøpte plasser."}],
    )
    assert good.status_code == 200
    rows = results(
        api.get(reverse("api:budsjett:budsjettoppfolging"), {"virksomhet": "BFE", "aar": 2026})
    )
    row = next(r for r in rows if r["konto"] == "13")
    assert (row["budsjett"], row["regnskap"], row["prognose"]) == (65_733, 24_200, 72_600)
    assert (row["avvik"], row["avvik_prosent"], row["vesentlig"]) == (6_867, "10.4", True)
    assert (
        results(api.get(reverse("api:budsjett:regnskap-list"), {"maaned": 1}))[0]["belop"] == 24_200
    )
    assert results(api.get(reverse("api:budsjett:prognose-list"), {"tertial": 1}))[0]["forklaring"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"verdier": []}, "versjon"),
        ({"versjon": "en", "verdier": []}, "versjon"),
        ({"versjon": 0, "verdier": "alt"}, "verdier"),
        ({"versjon": 0, "verdier": [{"belop": "1"}]}, "verdier"),
        ({"versjon": 0, "verdier": [{"konto": 1, "belop": "tolv"}]}, None),
    ],
)
def test_bad_input_answers_400_with_field_errors(brev, users, api_for, kontoer, body, field):
    api = api_for(users["bfe_rapportor"])
    report = open_report(api).json()
    if body.get("verdier") and isinstance(body["verdier"], list) and "konto" in body["verdier"][0]:
        body["verdier"][0]["konto"] = kontoer["10"].pk
    response = api.post(
        reverse("api:budsjett:budsjettrapport-verdier", args=[report["id"]]), body, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    if field:
        assert field in errors
    else:
        assert errors == {f"belop|{kontoer['10'].pk}": ["Skriv inn et heltall."]}
    assert not Regnskap.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"virksomhet": "BFE", "aar": 2026, "type": "regnskap", "periode": 13},
        {"virksomhet": "BFE", "aar": 2026, "type": "prognose", "periode": 4},
        {"virksomhet": "BFE", "aar": "i år", "type": "regnskap", "periode": 1},
        {"virksomhet": "BFE", "aar": 2026, "type": "budsjett", "periode": 1},
        {},
    ],
)
def test_opening_a_report_with_bad_input_answers_400(brev, users, api_for, body):
    response = api_for(users["bfe_rapportor"]).post(
        reverse("api:budsjett:budsjettrapport-list"), body, format="json"
    )
    assert response.status_code == 400
    assert not Budsjettrapport.objects.exists()


def test_bad_filters_answer_400(brev, users, api_for):
    api = api_for(users["bfe_leser"])
    assert api.get(reverse("api:budsjett:budsjettlinje-list"), {"aar": "i fjor"}).status_code == 400
    assert api.get(reverse("api:budsjett:regnskap-list"), {"maaned": "mai"}).status_code == 400
    response = api.get(reverse("api:budsjett:budsjettoppfolging"), {"virksomhet": "BFE"})
    assert response.status_code == 400
    assert "aar" in response.json()


def test_filters_by_id_do_not_tell_what_exists_outside_the_scope(brev, users, api_for):
    from budsjett.models import Budsjettabell
    from styring.models import Maal

    api = api_for(users["vel_rapportor"])
    bfe_goal = Maal.objects.filter(brev=brev["bfe"]).first()
    bfe_table = Budsjettabell.objects.first()
    for name, field, existing in (
        ("api:budsjett:budsjettendring-list", "maal", bfe_goal.pk),
        ("api:budsjett:budsjettlinje-list", "tabell", bfe_table.pk),
    ):
        # BFE's object and one that does not exist answer alike: an empty list.
        for value in (existing, 999_999):
            assert results(api.get(reverse(name), {field: value})) == []


def test_roles_decide_who_writes(jan_apr, users, api_for):
    report = Budsjettrapport.objects.get(periode=1)
    reader = api_for(users["bfe_leser"])
    assert open_report(reader, periode=2).status_code == 403
    saved = reader.post(
        reverse("api:budsjett:budsjettrapport-verdier", args=[report.pk]),
        {"versjon": report.versjon, "verdier": []},
        format="json",
    )
    assert saved.status_code == 403
    lever = reverse("api:budsjett:budsjettrapport-lever", args=[report.pk])
    assert api_for(users["bfe_rapportor"]).post(lever).status_code == 403
    submitted = api_for(users["bfe_godkjenner"]).post(lever)
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "levert"
    approve = reverse("api:budsjett:budsjettrapport-godkjenn", args=[report.pk])
    assert api_for(users["bfe_godkjenner"]).post(approve).status_code == 403
    assert api_for(users["set_styrer"]).post(approve).json()["status"] == "godkjent"
    back = reverse("api:budsjett:budsjettrapport-returner", args=[report.pk])
    assert api_for(users["set_styrer"]).post(back, {}, format="json").status_code == 400
    returned = api_for(users["set_styrer"]).post(back, {"kommentar": "Sjekk 17."}, format="json")
    assert returned.json()["status"] == "returnert"


def test_a_locked_report_answers_400_and_a_stale_save_409(jan_apr, users, api_for, kontoer):
    report = Budsjettrapport.objects.get(periode=1)
    api = api_for(users["bfe_rapportor"])
    body = {"konto": kontoer["10"].pk, "belop": "1"}
    stale = save(api, {"id": report.pk, "versjon": 0}, [body])
    assert stale.status_code == 409
    assert stale.json()["versjon"] == report.versjon
    assert {"konto": kontoer["10"].pk, "belop": 63_000, "forklaring": ""} in stale.json()["deres"]
    api_for(users["bfe_godkjenner"]).post(
        reverse("api:budsjett:budsjettrapport-lever", args=[report.pk])
    )
    report.refresh_from_db()
    locked = save(
        api_for(users["bfe_rapportor"]), {"id": report.pk, "versjon": report.versjon}, [body]
    )
    assert locked.status_code == 400
    assert Regnskap.objects.get(rapport=report, konto=kontoer["10"]).belop == 63_000


def test_chapters_are_listed_with_their_account_groups(brev, users, api_for):
    rows = results(api_for(users["bfe_leser"]).get(reverse("api:budsjett:kapittel-list")))
    assert [r["nummer"] for r in rows] == ["063", "360"]
    kap = rows[1]
    assert [k["kode"] for k in kap["kontoer"]] == ["10", "11", "13", "14", "16", "17", "18"]
    ost = results(
        api_for(users["bufdir_styrer"]).get(
            reverse("api:budsjett:kapittel-list"), {"virksomhet": "region-ost"}
        )
    )
    assert "3855" in [r["nummer"] for r in ost]


def test_the_schema_documents_the_budget_api(brev, users, client_for):
    response = client_for(users["bfe_leser"]).get(reverse("api:schema"))
    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/budsjettlinjer/", "/api/budsjettrapporter/{id}/verdier/", "/api/prognoser/"):
        assert path in schema


def test_the_department_links_a_change_to_the_goal_it_funds(brev, users, api_for):
    from budsjett import letter
    from budsjett.models import Budsjettendring
    from styring.models import Endring, Maal

    change = Budsjettendring.objects.get(tekst="Hjelpetiltaket MST - styrket kapasitet")
    goal = Maal.objects.get(brev=brev["bfe"], kode="1.2.1")
    url = reverse("api:budsjett:budsjettendring-maal", args=[change.pk])
    assert (
        api_for(users["bfe_godkjenner"]).post(url, {"maal": goal.pk}, format="json").status_code
        == 403
    )
    assert (
        api_for(users["vel_rapportor"]).post(url, {"maal": goal.pk}, format="json").status_code
        == 404
    )
    state_goal = Maal.objects.filter(brev=brev["bufdir"]).first()
    refused = api_for(users["set_styrer"]).post(url, {"maal": state_goal.pk}, format="json")
    assert refused.status_code == 400
    assert "maal" in refused.json()
    linked = api_for(users["set_styrer"]).post(url, {"maal": goal.pk}, format="json")
    assert linked.status_code == 200
    assert linked.json()["maal"] == goal.pk
    assert Endring.objects.for_object(change).filter(handling="endret").exists()
    links = letter.rod_traad(maal_ids=[goal.pk], user=users["bfe_leser"])
    assert [link.tekst for link in links[goal.pk]] == [change.tekst]
    unlinked = api_for(users["set_styrer"]).post(url, {"maal": None}, format="json")
    assert unlinked.json()["maal"] is None
