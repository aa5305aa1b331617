"""The large synthetic dataset (at a tiny scale) and the benchmark command that runs on it."""

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from indikatorer.models import Indikator, Maalverdi, Resultat
from indikatorer.models.rapportering import Innsending, Institusjon, Verdi
from oppdrag.models import Oppdrag
from styring import synthetic
from styring.models import Bruker, Tildelingsbrev, Virksomhet

pytestmark = pytest.mark.django_db

SKALA = 0.02
IDAG = datetime.datetime(2026, 11, 24, 12, 0, tzinfo=datetime.UTC)
CITY = (
    Virksomhet.Type.BYRAADSAVDELING,
    Virksomhet.Type.ETAT,
    Virksomhet.Type.BYDEL,
)


def _build():
    with override_settings(DEBUG=True), time_machine.travel(IDAG, tick=False):
        out = StringIO()
        call_command("lag_stort_datasett", skala=SKALA, stdout=out)
    return out.getvalue()


def _synthetic_letters():
    return Tildelingsbrev.objects.filter(saksnr__startswith=synthetic.PREFIX)


def _counts():
    letters = _synthetic_letters()
    return {
        "virksomheter": Virksomhet.objects.filter(type__in=CITY).count(),
        "avdelinger": Virksomhet.objects.filter(type=Virksomhet.Type.BYRAADSAVDELING).count(),
        "bydeler": Virksomhet.objects.filter(type=Virksomhet.Type.BYDEL).count(),
        "brukere": Bruker.objects.filter(username__startswith="syn-").count(),
        "brev": letters.count(),
        "oppdrag": Oppdrag.objects.filter(brev__in=letters).count(),
        "indikatorer i brev": Indikator.brev.through.objects.filter(
            tildelingsbrev__in=letters
        ).count(),
        "målverdier": Maalverdi.objects.filter(indikator__brev__in=letters).count(),
        "resultater": Resultat.objects.filter(indikator__brev__in=letters).count(),
        "institusjoner": Institusjon.objects.filter(navn__endswith=synthetic.MERKE).count(),
        "belegg": Innsending.objects.filter(skjema__kode="belegg").count(),
        "bistandsplikt": Innsending.objects.filter(skjema__kode="bistandsplikt").count(),
        "verdier": Verdi.objects.count(),
    }


def _fingerprint():
    """The content, without primary keys (a rolled-back sequence is not reset on PostgreSQL)."""
    institutions = dict(Institusjon.objects.values_list("pk", "navn"))
    return {
        "virksomheter": sorted(
            Virksomhet.objects.values_list("kode", "navn", "type", "styres_av__kode")
        ),
        "brukere": sorted(Bruker.objects.values_list("username", "virksomhet__kode", "rolle")),
        "oppdrag": sorted(
            Oppdrag.objects.values_list(
                "brev__mottakere__kode", "brev__aar", "kode", "status", "forfall"
            )
        ),
        "resultater": sorted(
            Resultat.objects.values_list("indikator__eier__kode", "indikator__kode", "aar", "verdi")
        ),
        "verdier": sorted(
            (
                v["innsending__virksomhet__kode"],
                v["innsending__skjema__kode"],
                v["innsending__periode_fra"],
                v["innsending__status"],
                v["felt__kode"],
                institutions.get(int(v["rad"]), "") if v["rad"].isdigit() else v["rad"],
                v["tall"],
                v["tekst"],
            )
            for v in Verdi.objects.values(
                "innsending__virksomhet__kode",
                "innsending__skjema__kode",
                "innsending__periode_fra",
                "innsending__status",
                "felt__kode",
                "rad",
                "tall",
                "tekst",
            )
        ),
    }


def _build_and_roll_back():
    with transaction.atomic():
        _build()
        result = _counts(), _fingerprint()
        transaction.set_rollback(True)
    return result


def test_tiny_dataset_has_the_expected_relative_counts_and_is_deterministic(uten_brev):
    first_counts, first = _build_and_roll_back()
    second_counts, second = _build_and_roll_back()
    assert first_counts == second_counts
    assert first == second

    volum = synthetic.omfang(SKALA)
    agencies = synthetic.ETATER
    months = volum.maaneder
    assert first_counts["virksomheter"] == 60  # 20 real ones filled up with synthetic ones
    assert first_counts["avdelinger"] == synthetic.AVDELINGER
    assert first_counts["bydeler"] == 15
    assert first_counts["brukere"] == volum.brukere
    assert first_counts["brev"] == agencies * volum.aar
    assert first_counts["oppdrag"] == first_counts["brev"] * volum.oppdrag_per_brev
    assert first_counts["indikatorer i brev"] == first_counts["brev"] * volum.indikatorer_per_brev
    assert first_counts["målverdier"] == first_counts["indikatorer i brev"]
    assert first_counts["resultater"] > 0
    assert first_counts["institusjoner"] == volum.institusjoner
    assert first_counts["belegg"] == months
    assert first_counts["bistandsplikt"] == (15 + 1) * months  # the districts and BFE
    assert first_counts["verdier"] >= months * volum.institusjoner * 2

    # Real organisations take part; synthetic ones are marked as such.
    made = Virksomhet.objects.filter(kode__startswith=synthetic.PREFIX)
    assert not made.exists()  # rolled back
    names = [row[1] for row in first["virksomheter"] if row[0].startswith("SYN-")]
    assert names
    assert all(name.endswith("(syntetisk)") for name in names)
    assert ("BFE", "Barne- og familieetaten", "etat", "SET") in first["virksomheter"]


def test_the_dataset_is_refused_without_debug_and_in_a_database_that_has_one(virksomheter):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("lag_stort_datasett", skala=SKALA, stdout=StringIO())
    assert not Virksomhet.objects.filter(kode__startswith="SYN-").exists()
    _build()
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="allerede"):
        call_command("lag_stort_datasett", skala=SKALA, stdout=StringIO())


MAIN_PAGES = [
    "/",
    "/oversikt/",
    "/oppdrag/",
    "/rapportering/",
    "/rapportering/oversikt/",
    "/indikatorer/",
    "/brev/",
    "/rapporter/",
    "/api/brev/",
    "/api/oppdrag/",
    "/api/indikatorer/",
    "/api/innsendinger/",
]


def test_benchmark_measures_every_main_page_against_the_trivial_view(virksomheter, tmp_path):
    _build()
    target = tmp_path / "benchmark.json"
    out = StringIO()
    call_command("benchmark", antall=3, oppvarming=1, pdf_antall=0, json=str(target), stdout=out)
    result = json.loads(target.read_text(encoding="utf-8"))
    assert result["feil"] == []
    assert result["antall"] == 3
    measured = {(row["side"], row["bruker"]): row for row in result["sider"]}
    for role in ("avdeling", "etat"):
        trivial = measured[("/__benchmark/triviell/", role)]
        assert trivial["forhold_p95"] == 1.0
        assert result["triviell_p95_ms"][role] > 0
    for page in MAIN_PAGES:
        row = measured[(page, "avdeling")]
        assert row["p95_ms"] >= row["p50_ms"] > 0
        assert row["sql"] > 0
        assert row["forhold_p95"] > 0
    # Detail pages of a representative object of the reference agency (BFE), found by
    # following the links its user sees, measured for both users.
    names = {(row["navn"], row["bruker"]) for row in result["sider"]}
    for name in (
        "styring:brev",
        "oppdrag:oppdrag",
        "indikatorer:indikator",
        "indikatorer:innsending",
        "styring:rapporter-virksomhet",
    ):
        assert {(name, "avdeling"), (name, "etat")} <= names
    assert result["etat"] == "BFE"
    assert "p95/triv" in out.getvalue()


def test_load_driver_saves_the_form_it_reads_with_one_more_request():
    import random

    from styring.management.commands.lastkjoring import _endre, _Skjema

    page = """
    <form method="post" action="/rapportering/7/"><input type="hidden"
      name="csrfmiddlewaretoken" value="abc"><input type="hidden" name="versjon" value="3">
      <input name="v__foresporsler__alna|akutt" value="2">
      <input name="v__brudd__alna|akutt" value="1">
      <textarea name="v__forklaring__alna|akutt">Ingen plass &amp; ingen tid</textarea>
      <button type="submit" name="handling" value="lagre">Lagre</button></form>
    <form method="post" action="/rapportering/7/"><input type="hidden"
      name="csrfmiddlewaretoken" value="abc">
      <button name="handling" value="lever">Send</button></form>
    """
    parser = _Skjema()
    parser.feed(page)
    form = parser.lagreskjema()
    assert form["action"] == "/rapportering/7/"
    assert form["felt"]["versjon"] == "3"
    assert form["felt"]["v__forklaring__alna|akutt"] == "Ingen plass & ingen tid"
    changed = _endre(form["felt"], random.Random(1))
    # One more request keeps the breaches within the requests.
    assert changed["v__foresporsler__alna|akutt"] == "3"
    assert changed["v__brudd__alna|akutt"] == "1"
