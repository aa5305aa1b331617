"""Accounts and forecasts: deviation per account group, materiality, workflow, locking,
audit and concurrent saves."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budsjett import selectors, services
from budsjett.models import Budsjettrapport, Regnskap, vesentlig
from styring.arbeidsflyt import services as arbeidsflyt
from styring.models import Endring, Virksomhet

from .conftest import JAN_APR

REGNSKAP, PROGNOSE = Budsjettrapport.Type.REGNSKAP, Budsjettrapport.Type.PROGNOSE
BUDGET = {
    "10": 764_337,
    "11": 159_269,
    "13": 65_733,
    "14": 9_516,
    "16": -102_753,
    "17": -494_396,
    "18": -6_728,
}
FORECAST = {
    "10": 764_337,
    "11": 156_269,
    "13": 72_600,
    "14": 9_516,
    "16": -100_000,
    "17": -460_000,
    "18": -6_728,
}
EXPLAINED = {"13": "Flere kjøpte plasser.", "17": "Lavere refusjoner fra staten."}


def bfe():
    return Virksomhet.objects.get(kode="BFE")


def follow_up(user):
    return selectors.budsjettoppfolging(virksomhet=bfe(), aar=2026, user=user)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("-102 753", -102_753),
        ("−5\u00a0103", -5_103),
        ("1\u202f234", 1_234),
        ("+12", 12),
        ("12,0", 12),
        (12.0, 12),
        (7, 7),
        ("", None),
        (None, None),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, amount):
    assert services.tolk_belop(typed) == amount


@pytest.mark.parametrize("typed", ["12,5", "abc", "1.2.3", "12 kr", 12.5, True])
def test_anything_but_a_whole_number_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        services.tolk_belop(typed)
    assert error.value.messages == ["Skriv inn et heltall."]


def test_the_budget_per_account_group(brev, users):
    budget = selectors.budsjett_per_konto(virksomhet=bfe(), aar=2026, user=users["bfe_leser"])
    assert {k.kode: amount for k, amount in budget.items()} == BUDGET
    assert sum(budget.values()) == 394_978


def test_accounts_january_to_april_and_a_forecast_give_the_deviation_per_account_group(
    jan_apr, lagre, users, frozen
):
    lagre(PROGNOSE, 1, FORECAST, forklaringer=EXPLAINED)
    result = follow_up(users["set_styrer"])
    assert result.siste_maaned == 4
    assert result.siste_tertial == 1
    rows = {row.konto.kode: row for row in result.rader}
    accounts = {code: sum(JAN_APR[m][code] for m in JAN_APR) for code in BUDGET}
    assert {code: row.regnskap for code, row in rows.items()} == accounts
    assert accounts["10"] == 254_200
    assert {code: row.avvik for code, row in rows.items()} == {
        "10": 0,
        "11": -3_000,
        "13": 6_867,
        "14": 0,
        "16": 2_753,
        "17": 34_396,
        "18": 0,
    }
    assert rows["13"].avvik_prosent == Decimal("10.4")
    assert rows["17"].avvik_prosent == Decimal("7.0")
    assert rows["11"].avvik_prosent == Decimal("-1.9")
    assert rows["13"].forbruk_prosent == Decimal("36.8")
    # Income received is a positive share of the income budgeted.
    assert rows["16"].forbruk_prosent == Decimal("33.3")
    assert rows["16"].avvik_prosent == Decimal("2.7")  # less income than budgeted
    assert {code for code, row in rows.items() if row.vesentlig} == {"13", "17"}
    assert rows["13"].forklaring == "Flere kjøpte plasser."
    assert result.antall_uten_forklaring == 0
    (chapter,) = result.kapitler
    assert (chapter.budsjett, chapter.regnskap, chapter.prognose) == (394_978, 136_050, 435_994)
    assert chapter.avvik == 41_016


def test_accounts_to_date_can_stop_at_a_month(jan_apr, users, frozen):
    result = selectors.budsjettoppfolging(
        virksomhet=bfe(), aar=2026, user=users["bfe_leser"], til_maaned=2
    )
    rows = {row.konto.kode: row for row in result.rader}
    assert rows["10"].regnskap == 63_000 + 63_500
    assert result.siste_maaned == 2


def test_a_material_deviation_needs_an_explanation_and_nothing_is_saved_without(
    brev, lagre, kontoer, frozen
):
    with pytest.raises(ValidationError) as error:
        lagre(PROGNOSE, 1, FORECAST)
    errors = error.value.message_dict
    assert set(errors) == {f"forklaring|{kontoer['13'].pk}", f"forklaring|{kontoer['17'].pk}"}
    assert "10,4 %" in errors[f"forklaring|{kontoer['13'].pk}"][0]
    assert "6\xa0867" in errors[f"forklaring|{kontoer['13'].pk}"][0]
    report = Budsjettrapport.objects.get(type=PROGNOSE, periode=1)
    assert not report.prognoser.exists()
    assert report.versjon == 0


def test_the_threshold_is_a_setting(brev, lagre, settings, frozen):
    settings.BUDSJETT_VESENTLIGHET_PROSENT = 11
    lagre(PROGNOSE, 1, FORECAST)  # 10.4 % and 7.0 % are below 11 %
    settings.BUDSJETT_VESENTLIGHET_BELOP = 2_000
    assert vesentlig(avvik=2_753, budsjett=-102_753)
    assert not vesentlig(avvik=-1_999, budsjett=159_269)


def test_a_deviation_from_a_zero_budget_is_always_material():
    assert vesentlig(avvik=1, budsjett=0)
    assert not vesentlig(avvik=0, budsjett=0)


def test_submitting_checks_the_explanations_against_the_threshold_of_the_day(
    brev, lagre, users, settings, frozen
):
    settings.BUDSJETT_VESENTLIGHET_PROSENT = 11
    report = lagre(PROGNOSE, 1, FORECAST)
    settings.BUDSJETT_VESENTLIGHET_PROSENT = 5
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lever(objekt=report, user=users["bfe_godkjenner"])
    assert error.value.code == "uforklart"
    report.refresh_from_db()
    assert report.status == Budsjettrapport.Status.UTKAST


def test_a_submitted_month_is_locked_until_the_department_returns_it(jan_apr, lagre, users):
    january = jan_apr[0]
    with pytest.raises(PermissionDenied):
        arbeidsflyt.lever(objekt=january, user=users["bfe_rapportor"])
    arbeidsflyt.lever(objekt=january, user=users["bfe_godkjenner"])
    with pytest.raises(ValidationError) as error:
        lagre(REGNSKAP, 1, {"10": 1})
    assert error.value.code == "laast"
    assert Regnskap.objects.get(rapport=january, konto__kode="10").belop == 63_000

    with pytest.raises(PermissionDenied):
        arbeidsflyt.godkjenn(objekt=january, user=users["bfe_godkjenner"])
    approved = arbeidsflyt.godkjenn(objekt=january, user=users["set_styrer"])
    assert approved.status == Budsjettrapport.Status.GODKJENT
    with pytest.raises(ValidationError):
        arbeidsflyt.returner(objekt=approved, user=users["set_styrer"], kommentar=" ")
    returned = arbeidsflyt.returner(
        objekt=approved, user=users["set_styrer"], kommentar="Lønn ser for lav ut."
    )
    assert returned.status == Budsjettrapport.Status.RETURNERT
    assert returned.endret_etter_godkjenning
    saved = lagre(REGNSKAP, 1, {"10": 63_900})
    assert saved.status == Budsjettrapport.Status.UTKAST
    assert Regnskap.objects.get(rapport=january, konto__kode="10").belop == 63_900


def test_a_month_cannot_be_submitted_with_account_groups_missing(brev, lagre, users):
    report = lagre(REGNSKAP, 5, {"10": 64_000})
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lever(objekt=report, user=users["bfe_godkjenner"])
    assert error.value.code == "ufullstendig"


def test_changes_are_audited_old_to_new(jan_apr, lagre, users):
    lagre(REGNSKAP, 1, {"10": 64_000, "11": ""})
    january = jan_apr[0]
    entry = Endring.objects.for_object(january).filter(handling=Endring.Handling.ENDRET).first()
    assert entry.bruker == users["bfe_rapportor"]
    assert entry.endringer == {
        "360 / 10 Lønn": [63_000, 64_000],
        "360 / 11 Kjøp av varer og tjenester som inngår i kommunal egenproduksjon": [13_000, None],
    }
    assert entry.virksomhet.kode == "BFE"
    assert not Regnskap.objects.filter(rapport=january, konto__kode="11").exists()


def test_a_save_against_an_older_version_changes_nothing(jan_apr, kontoer, users):
    january = jan_apr[0]
    stale = january.versjon - 1
    with pytest.raises(arbeidsflyt.Samtidighetskonflikt) as conflict:
        arbeidsflyt.lagre(
            objekt=january,
            user=users["bfe_godkjenner"],
            raw={kontoer["10"].pk: ("1", "")},
            versjon=stale,
        )
    assert conflict.value.deres[kontoer["10"].pk] == (63_000, "")
    assert Regnskap.objects.get(rapport=january, konto__kode="10").belop == 63_000
    refused = Endring.objects.for_object(january).get(handling=Endring.Handling.AVVIST)
    assert refused.endringer == {"360 / 10 Lønn": [63_000, 1]}


def test_only_reporters_of_the_organisation_open_and_save_reports(brev, lagre, users):
    for user in ("vel_rapportor", "bfe_leser", "set_styrer"):
        with pytest.raises(PermissionDenied):
            lagre(REGNSKAP, 1, {"10": 1}, user=users[user])
    assert not Budsjettrapport.objects.exists()


def test_an_amount_outside_the_budget_or_not_a_number_is_refused(brev, lagre, kontoer, users):
    report = services.aapne_rapport(
        virksomhet=bfe(), aar=2026, type=REGNSKAP, periode=1, user=users["bfe_rapportor"]
    )
    vel_chapter_konto = 999_999
    with pytest.raises(ValidationError) as error:
        arbeidsflyt.lagre(
            objekt=report,
            user=users["bfe_rapportor"],
            raw={kontoer["10"].pk: ("sekstitre", ""), vel_chapter_konto: ("1", "")},
            versjon=0,
        )
    errors = error.value.message_dict
    assert errors[f"belop|{kontoer['10'].pk}"] == ["Skriv inn et heltall."]
    assert len(errors[f"belop|{vel_chapter_konto}"]) == 1
    assert len(errors) == 2
    assert not report.regnskap.exists()


def test_a_vel_user_sees_none_of_bfes_accounts(jan_apr, lagre, users, frozen):
    lagre(PROGNOSE, 1, FORECAST, forklaringer=EXPLAINED)
    vel = users["vel_rapportor"]
    assert not Budsjettrapport.objects.for_user(vel).exists()
    assert not Regnskap.objects.for_user(vel).exists()
    result = selectors.budsjettoppfolging(virksomhet=bfe(), aar=2026, user=vel)
    assert not result.har_budsjett
