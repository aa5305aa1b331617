"""Indicators loaded from the letters (``indikatorer.loading``)."""

from indikatorer import maaltall as mt
from indikatorer.loading import _last_resultatindikatorer
from indikatorer.models import Indikator, Indikatorsett, Maalverdi
from styring import services

HASTETILBUD = "Hastetilbud fremskaffet innen 2 timer"
UTENFOR = "Andel unge utenfor jobb, utdanning og annen opplæring for aldersgruppen 15-24 år"


def indikator(navn):
    return Indikator.objects.get(navn=navn)


def test_every_bfe_indicator_is_loaded_with_results_and_target(brev):
    letter = brev["bfe"]
    in_letter = Indikator.objects.i_brev(letter)
    assert in_letter.filter(type=Indikator.Type.RESULTATINDIKATOR).count() == 8
    assert in_letter.filter(type=Indikator.Type.KLIMAINDIKATOR).count() == 2
    assert set(in_letter.values_list("kode", flat=True)) == {"", "4", "8"}

    hastetilbud = indikator(HASTETILBUD)
    assert hastetilbud.eier.kode == "BFE"
    assert hastetilbud.sett is None
    assert [(r.aar, r.tekst, str(r.verdi)) for r in hastetilbud.resultater_liste()] == [
        (2023, "78,40 %", "78.4000"),
        (2024, "93,7 %", "93.7000"),
    ]
    target = hastetilbud.maalverdier.get()
    assert (target.aar, target.tekst) == (2026, "100%")
    assert target.maaltall == mt.Maaltall(
        tekst="100%", sammenligning=mt.Sammenligning.LIK, verdi=100, enhet=mt.Enhet.PROSENT
    )
    assert hastetilbud.rapporteringsfrekvens == Indikator.Frekvens.TRE_GANGER
    brudd = indikator("Antall brudd på bistandsplikten")
    assert brudd.rapporteringsfrekvens == Indikator.Frekvens.MAANED
    assert brudd.merknad.startswith("*Antall brudd på bistandsplikt")
    assert indikator("Andel som slutter i videregående opplæring").kilde == "SSB"

    climate = {i.kode: i for i in in_letter.filter(type=Indikator.Type.KLIMAINDIKATOR)}
    assert climate["4"].maalverdier.get().tekst == "100 %"
    assert climate["8"].maalverdier.get().tekst == "Ikke relevant"
    assert climate["8"].maalverdier.get().sammenligning == mt.Sammenligning.IKKE_RELEVANT
    assert climate["8"].enhet == Indikator.Enhet.JA_NEI_DELVIS
    assert climate["4"].beskrivelse.startswith("Utslippsfri")


def test_ungt_utenforskap_is_one_shared_set_with_bfe_as_contributor(brev):
    sett = Indikatorsett.objects.get()
    assert sett.navn == "Ungt utenforskap"
    assert sett.eier.kode == "SET"
    members = list(sett.indikatorer.all())
    assert len(members) == 6
    assert {v.kode for i in members for v in i.bidragsytere.all()} == {"BFE"}
    assert {i.eier.kode for i in members} == {"SET"}
    # Loading the letter's set again (as another letter naming it would) adds no copies.
    data = {
        "resultatindikatorer": [
            {
                "maal": "Ungt utenforskap",
                "navn": UTENFOR,
                "maaltall": {"aar": 2026, "tekst": "< 9,1 %"},
                "resultater": [{"aar": 2024, "tekst": "9,1 %"}],
                "bidragsytere": ["VEL"],
            }
        ]
    }
    vel_letter = services.lag_supplerende(brev=brev["bfe"])
    _last_resultatindikatorer(vel_letter, data)
    shared = indikator(UTENFOR)
    assert Indikator.objects.filter(navn=UTENFOR).count() == 1
    assert {v.kode for v in shared.bidragsytere.all()} == {"BFE", "VEL"}
    assert set(shared.brev.all()) == {brev["bfe"], vel_letter}
    assert shared.resultater.count() == 2


def test_every_bufdir_steering_parameter_is_loaded_under_its_goal(brev):
    parameters = Indikator.objects.i_brev(brev["bufdir"])
    assert parameters.count() == 35
    assert set(parameters.values_list("type", flat=True)) == {"styringsparameter"}
    first = parameters.get(kode="S 1.1.1")
    assert first.maal.kode == "1.1"
    assert first.eier.kode == "Bufdir"
    assert first.ansvarlig_enhet == "Økonomistyring"
    assert first.rapporteringsfrekvens == Indikator.Frekvens.MAANED
    assert sorted(v.kode for v in first.bidragsytere.all()) == [
        "region-midt-norge",
        "region-nord",
        "region-ost",
        "region-sor",
        "region-vest",
    ]
    target = first.maalverdier.get()
    assert target.aar == 2023
    assert target.tekst.startswith("Minimum 80 prosent")
    assert (target.sammenligning, target.verdi) == ("minst", 80)
    assert parameters.get(kode="S 1.1").maal.kode_visning == "Hovedmål 1"
    assert parameters.get(kode="S 1.6.1").rapporteringsfrekvens == Indikator.Frekvens.AAR
    assert not parameters.filter(maal__isnull=True).exists()
    assert Maalverdi.objects.filter(indikator__in=parameters).count() == 35
