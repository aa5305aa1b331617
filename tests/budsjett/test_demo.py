"""Demo accounts for BFE 2026: January–October and two forecasts, marked demo, the same
on every run."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from budsjett import demo, selectors
from budsjett.models import Budsjettrapport, Prognose, Regnskap
from styring.models import Virksomhet


def amounts():
    return sorted(
        Regnskap.objects.values_list("rapport__periode", "konto__kode", "belop")
    ) + sorted(Prognose.objects.values_list("rapport__periode", "konto__kode", "belop"))


@override_settings(DEBUG=True)
def test_demo_accounts_are_made_once_and_marked(brev, users):
    call_command("lag_demodata", stdout=StringIO())
    call_command("lag_demodata", stdout=StringIO())
    reports = Budsjettrapport.objects.filter(virksomhet__kode="BFE", aar=2026)
    assert reports.count() == 12
    assert all(report.demo for report in reports)
    months = reports.filter(type="regnskap")
    assert sorted(months.values_list("periode", flat=True)) == list(range(1, 11))
    assert {r.periode: r.status for r in months if r.periode >= 8} == {
        8: "godkjent",
        9: "levert",
        10: "utkast",
    }
    assert Regnskap.objects.count() == 10 * 7
    approved = months.get(periode=1)
    assert approved.godkjent_av.username == "demo-set-styrer"


def test_demo_accounts_are_deterministic_and_plausible(brev, users):
    assert demo.lag_demodata(brukere={}) == 12
    first = amounts()
    assert demo.lag_demodata(brukere={}) == 0
    Budsjettrapport.objects.all().delete()
    demo.lag_demodata(brukere={})
    assert amounts() == first

    result = selectors.budsjettoppfolging(
        virksomhet=Virksomhet.objects.get(kode="BFE"), aar=2026, user=users["set_styrer"]
    )
    assert (result.siste_maaned, result.siste_tertial) == (10, 2)
    for row in result.rader:
        expected = row.budsjett * 10 / 12
        assert abs(row.regnskap - expected) <= abs(expected) * 0.15, row.konto
        if row.vesentlig:
            assert row.forklaring.startswith("Demo – ")
    assert result.antall_uten_forklaring == 0
    assert result.antall_vesentlige >= 1


def test_without_the_letter_there_is_no_demo_budget(uten_brev):
    assert demo.lag_demodata(brukere={}) == 0
    assert not Budsjettrapport.objects.exists()
