"""The deadline parser: every deadline text of both letters reads to the right value.

Garbage, empty and very long input give ``ukjent``, and the command exits 0.
"""

import io
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from oppdrag.frist import Frist, Milepael, Type, tolk_frist

REPO = Path(__file__).resolve().parents[2]
BREV_DIR = REPO / "fixtures" / "brev"
NOKLER = {"tekst", "type", "dato", "forelopig", "gjentakelse", "milepaeler"}

LOYPEMELDING = (
    "Løypemelding 01.06.2026\n"
    "Frist for gjennomføring av anskaffelsen er tentativt satt til september/oktober2026"
)

# (text, letter year, type, dato, forelopig, gjentakelse, milepaeler as (navn, dato, forelopig))
BREVTEKSTER = [
    # BFE, tildelingsbrev 2026: oppdrag[*].frist_tekst
    ("31.03.26", 2026, "dato", "2026-03-31", False, None, []),
    ("01.07.26", 2026, "dato", "2026-07-01", False, None, []),
    ("2.kvartal 2026", 2026, "periode", "2026-06-30", False, None, []),
    ("31.12.26.", 2026, "dato", "2026-12-31", False, None, []),
    ("31.12.26", 2026, "dato", "2026-12-31", False, None, []),
    ("20.01.2026", 2026, "dato", "2026-01-20", False, None, []),
    ("28.02.2026", 2026, "dato", "2026-02-28", False, None, []),
    ("01.03.2026", 2026, "dato", "2026-03-01", False, None, []),
    (
        LOYPEMELDING,
        2026,
        "milepaeler",
        "2026-10-31",
        True,
        None,
        [
            ("Løypemelding", "2026-06-01", False),
            ("Gjennomføring av anskaffelsen", "2026-10-31", True),
        ],
    ),
    ("01.11.2026", 2026, "dato", "2026-11-01", False, None, []),
    ("31.08.2026", 2026, "dato", "2026-08-31", False, None, []),
    ("01.09.2026", 2026, "dato", "2026-09-01", False, None, []),
    ("Ikke fastsatt enda", 2026, "ikke_satt", None, False, None, []),
    ("15. 09.2026", 2026, "dato", "2026-09-15", False, None, []),
    ("31.12. 2025", 2026, "dato", "2025-12-31", False, None, []),
    ("Jevnlig", 2026, "gjentakende", None, False, "jevnlig", []),
    ("Annet hvert år. Oftere v/behov.", 2026, "gjentakende", None, False, "annet_hvert_aar", []),
    ("Årlig", 2026, "gjentakende", None, False, "aarlig", []),
    # Bufdir, disponeringsbrev 2023: hovedmaal/delmaal oppdrag[*].rapportering_tekst
    ("Tertial- og årsrapport", 2023, "gjentakende", None, False, "tertial", []),
    ("Årsrapport", 2023, "periode", "2023-12-31", False, None, []),
    ("2. tertial", 2023, "periode", "2023-08-31", False, None, []),
    ("1. tertial", 2023, "periode", "2023-04-30", False, None, []),
    (
        "Løpende\nOppsummert i tertial- og årsrapport",
        2023,
        "gjentakende",
        None,
        False,
        "tertial",
        [],
    ),
    (
        "Status 1. tertial, oppsummert i årsrapport",
        2023,
        "milepaeler",
        "2023-12-31",
        False,
        None,
        [("1. tertial", "2023-04-30", False), ("Årsrapport", "2023-12-31", False)],
    ),
    (
        "Andre tertial og årsrapport",
        2023,
        "milepaeler",
        "2023-12-31",
        False,
        None,
        [("2. tertial", "2023-08-31", False), ("Årsrapport", "2023-12-31", False)],
    ),
    ("Etter avtale", 2023, "ikke_satt", None, False, None, []),
    ("Første tertial", 2023, "periode", "2023-04-30", False, None, []),
    ("1.tertial", 2023, "periode", "2023-04-30", False, None, []),
    ("2.tertial", 2023, "periode", "2023-08-31", False, None, []),
    ("Tertial- og årsrapportering", 2023, "gjentakende", None, False, "tertial", []),
    ("Oppsummert i tertial- og årsrapport", 2023, "gjentakende", None, False, "tertial", []),
    (
        "1. tertial og årsrapport",
        2023,
        "milepaeler",
        "2023-12-31",
        False,
        None,
        [("1. tertial", "2023-04-30", False), ("Årsrapport", "2023-12-31", False)],
    ),
    (None, 2023, "ukjent", None, False, None, []),
    # Bufdir 2023: the report deadlines (rapportering[*].frist_tekst)
    ("15. mai 2023", 2023, "dato", "2023-05-15", False, None, []),
    ("14. september 2023", 2023, "dato", "2023-09-14", False, None, []),
    ("31. januar 2024", 2023, "dato", "2024-01-31", False, None, []),
]

# Further forms the parser reads (same columns).
ANDRE_TEKSTER = [
    # dates
    ("1.6.2026", 2026, "dato", "2026-06-01", False, None, []),
    ("01.06", 2026, "dato", "2026-06-01", False, None, []),
    ("01.06.", 2025, "dato", "2025-06-01", False, None, []),
    ("innen 1. mars", 2026, "dato", "2026-03-01", False, None, []),
    ("frist 31.03.2026", 2026, "dato", "2026-03-31", False, None, []),
    ("Frist: 31.03.2026", 2026, "dato", "2026-03-31", False, None, []),
    ("2026-03-31", 2025, "dato", "2026-03-31", False, None, []),
    ("17.mars", 2023, "dato", "2023-03-17", False, None, []),
    ("Mandag 13. mars", 2023, "dato", "2023-03-13", False, None, []),
    ("31. JANUAR 2024.", 2023, "dato", "2024-01-31", False, None, []),
    ("\u00a031.03.2026\u00a0", 2026, "dato", "2026-03-31", False, None, []),
    ("15.\u00a009.2026", 2026, "dato", "2026-09-15", False, None, []),
    ("tentativt 1. mars", 2026, "dato", "2026-03-01", True, None, []),
    ("ca. 15.09.2026", 2026, "dato", "2026-09-15", True, None, []),
    ("31.03.2026 (foreløpig)", 2026, "dato", "2026-03-31", True, None, []),
    ("Løypemelding 01.06.2026", 2026, "dato", "2026-06-01", False, None, []),
    # periods
    ("2. kvartal", 2026, "periode", "2026-06-30", False, None, []),
    ("Q2 2026", 2026, "periode", "2026-06-30", False, None, []),
    ("4. kvartal 2025", 2026, "periode", "2025-12-31", False, None, []),
    ("cirka 2. kvartal", 2026, "periode", "2026-06-30", True, None, []),
    ("1. tertial 2026", 2026, "periode", "2026-04-30", False, None, []),
    ("1.tertial", 2026, "periode", "2026-04-30", False, None, []),
    ("Andre tertial", 2026, "periode", "2026-08-31", False, None, []),
    ("Tredje tertial", 2026, "periode", "2026-12-31", False, None, []),
    ("1. halvår 2026", 2026, "periode", "2026-06-30", False, None, []),
    ("2. halvår", 2026, "periode", "2026-12-31", False, None, []),
    ("september 2026", 2026, "periode", "2026-09-30", False, None, []),
    ("innen utgangen av mars", 2026, "periode", "2026-03-31", False, None, []),
    ("i løpet av mai", 2026, "periode", "2026-05-31", False, None, []),
    ("februar 2028", 2026, "periode", "2028-02-29", False, None, []),
    ("i løpet av 2026", 2026, "periode", "2026-12-31", False, None, []),
    ("Våren 2026", 2026, "periode", "2026-06-30", False, None, []),
    ("Sommeren 2026", 2026, "periode", "2026-08-31", False, None, []),
    ("Høsten 2026", 2026, "periode", "2026-12-31", False, None, []),
    ("planlagt høsten 2026", 2026, "periode", "2026-12-31", True, None, []),
    ("årsrapporten", 2026, "periode", "2026-12-31", False, None, []),
    ("årsberetning", 2026, "periode", "2026-12-31", False, None, []),
    ("september/oktober 2026", 2026, "periode", "2026-10-31", True, None, []),
    ("september/oktober2026", 2026, "periode", "2026-10-31", True, None, []),
    # recurring
    ("Hvert år", 2026, "gjentakende", None, False, "aarlig", []),
    ("ÅRLIG", 2026, "gjentakende", None, False, "aarlig", []),
    ("Løpende", 2026, "gjentakende", None, False, "lopende", []),
    ("fortløpende", 2023, "gjentakende", None, False, "lopende", []),
    ("Månedlig", 2026, "gjentakende", None, False, "maanedlig", []),
    ("én gang i måneden", 2023, "gjentakende", None, False, "maanedlig", []),
    ("Kvartalsvis", 2026, "gjentakende", None, False, "kvartalsvis", []),
    ("Halvårlig", 2026, "gjentakende", None, False, "halvaarlig", []),
    # not set
    ("Ikke fastsatt", 2026, "ikke_satt", None, False, None, []),
    ("Avklares senere", 2026, "ikke_satt", None, False, None, []),
    ("-", 2026, "ikke_satt", None, False, None, []),
    ("–", 2026, "ikke_satt", None, False, None, []),
    # milestones
    (
        "Delrapport 1. mars\nSluttrapport 2. halvår",
        2026,
        "milepaeler",
        "2026-12-31",
        False,
        None,
        [("Delrapport", "2026-03-01", False), ("Sluttrapport", "2026-12-31", False)],
    ),
]

# Read with no confidence: these stay "ukjent", keeping the text.
UKJENTE = [
    None,
    "",
    "   ",
    "\n\t\u00a0",
    ".",
    "asdf",
    "31.02.2026",  # no such date
    "32.01.2026",
    "31.12.202",
    "2026",  # a bare number
    "Vinteren 2026",  # January-February 2026 or the winter starting in December?
    "Årsskiftet",  # end of this year or start of the next?
    "innen mars",  # before March or by its end?
    "desember/januar 2027",  # which December?
    "Mandag 14. mars",  # 14 March 2026 is a Saturday
    "15. i hver måned",
    "Til det første etatsstyringsmøtet",
    "etatsstyringsmøte for 1.kvartal",
    "1. og 2. tertial",
    "Løypemelding 01.06.2026\nsnart",
    "Frist for gjennomføring er satt til neste år",
    "💥" * 1000,
    "x" * 100_000,
    "1." * 250,
    "\x00\x01\xff\ufffd\udcff",
    "".join(chr(c) for c in range(0, 500)),
]


def _forventet(tekst, typ, dato, forelopig, gjentakelse, milepaeler):
    return {
        "tekst": tekst or "",
        "type": typ,
        "dato": dato,
        "forelopig": forelopig,
        "gjentakelse": gjentakelse,
        "milepaeler": [{"navn": n, "dato": d, "forelopig": f} for n, d, f in milepaeler],
    }


def _id(rad):
    return repr(rad[0])[:60]


@pytest.mark.parametrize("rad", BREVTEKSTER, ids=_id)
def test_brevtekster(rad):
    tekst, aar, *forventet = rad
    assert tolk_frist(tekst, aar=aar).som_dict() == _forventet(tekst, *forventet)


@pytest.mark.parametrize("rad", ANDRE_TEKSTER, ids=_id)
def test_andre_tekster(rad):
    tekst, aar, *forventet = rad
    assert tolk_frist(tekst, aar=aar).som_dict() == _forventet(tekst, *forventet)


def _brevtekster_i_transkripsjonene():
    """Every deadline text in both transcriptions, with the letter's year."""
    bfe = json.loads((BREV_DIR / "bfe-tildelingsbrev-2026.json").read_text(encoding="utf-8"))
    tekster = [(o.get("frist_tekst"), bfe["aar"]) for o in bfe["oppdrag"]]
    bufdir = json.loads(
        (BREV_DIR / "bufdir-disponeringsbrev-2023.json").read_text(encoding="utf-8")
    )
    for hovedmaal in bufdir["hovedmaal"]:
        grupper = [hovedmaal, *hovedmaal.get("delmaal", [])]
        tekster += [
            (o.get("rapportering_tekst"), bufdir["aar"])
            for gruppe in grupper
            for o in gruppe.get("oppdrag", [])
        ]
    return tekster


def test_alle_transkriberte_frister_er_i_tabellen_og_blir_forstaatt():
    tekster = _brevtekster_i_transkripsjonene()
    assert len(tekster) > 100
    i_tabellen = {(rad[0], rad[1]) for rad in BREVTEKSTER}
    mangler = sorted({t for t in tekster if t not in i_tabellen}, key=repr)
    assert not mangler, f"Fristtekster uten forventet verdi i BREVTEKSTER: {mangler}"
    ukjente = [t for t, aar in tekster if t and tolk_frist(t, aar=aar).type == Type.UKJENT]
    assert not ukjente


@pytest.mark.parametrize("tekst", UKJENTE, ids=lambda t: repr(t)[:40])
def test_uleselig_tekst_blir_ukjent_med_teksten_bevart(tekst):
    frist = tolk_frist(tekst, aar=2026)
    assert frist.type == Type.UKJENT
    assert frist.tekst == (tekst or "")
    assert frist.som_dict() == _forventet(tekst, "ukjent", None, False, None, [])


def test_lang_og_vond_tekst_leses_raskt():
    vonde = [
        "9" * 100_000,
        "1. " * 166,
        "frist for " + "a " * 240 + "er",
        "frist for " + "x" * 480,
        " og " * 125,
        "mars/" * 100,
        "innen " * 83,
        "ca. " * 125,
        "Løypemelding " * 38,
        "\n1. tertial og" * 35,
    ]
    start = time.perf_counter()
    for tekst in vonde:
        assert tolk_frist(tekst, aar=2026).type == Type.UKJENT
    assert time.perf_counter() - start < 1


def test_tolk_frist_kaster_aldri_unntak_for_aar_utenfor_kalenderen():
    assert tolk_frist("01.06", aar=0).type == Type.UKJENT
    assert tolk_frist("Årsrapport", aar=10_000).type == Type.UKJENT


# --- Weekends and holidays -------------------------------------------------------------


@pytest.mark.parametrize(
    ("tekst", "fridag", "virkedag"),
    [
        ("28.02.2026", True, date(2026, 3, 2)),  # Saturday
        ("01.03.2026", True, date(2026, 3, 2)),  # Sunday
        ("01.11.2026", True, date(2026, 11, 2)),  # Sunday
        ("01.07.26", False, date(2026, 7, 1)),  # Wednesday
        ("31.03.26", False, date(2026, 3, 31)),
        ("02.04.2026", True, date(2026, 4, 7)),  # Skjærtorsdag, Easter
        ("17. mai 2026", True, date(2026, 5, 18)),
        ("Jevnlig", False, None),
        ("Ikke fastsatt enda", False, None),
    ],
)
def test_fridag_og_neste_virkedag(tekst, fridag, virkedag):
    frist = tolk_frist(tekst, aar=2026)
    assert frist.faller_paa_fridag is fridag
    assert frist.virkedag == virkedag


def test_fridag_for_periode_og_milepaeler_gjelder_sluttdatoen():
    # 1. tertial 2023 ends Sunday 30 April; 1 May is a holiday.
    frist = tolk_frist("1. tertial", aar=2023)
    assert frist.faller_paa_fridag
    assert frist.virkedag == date(2023, 5, 2)
    # The final milestone, 31 October 2026, is a Saturday.
    assert tolk_frist(LOYPEMELDING, aar=2026).virkedag == date(2026, 11, 2)


# --- Next due date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tekst", "siste_levering", "forfall"),
    [
        ("Årlig", None, date(2026, 12, 31)),
        ("Årlig", date(2026, 3, 15), date(2027, 3, 15)),
        ("Annet hvert år. Oftere v/behov.", None, date(2026, 12, 31)),
        ("Annet hvert år. Oftere v/behov.", date(2026, 3, 15), date(2028, 3, 15)),
        ("Halvårlig", None, date(2026, 6, 30)),
        ("Halvårlig", date(2026, 8, 31), date(2027, 2, 28)),
        ("Tertial- og årsrapport", None, date(2026, 4, 30)),
        ("Tertial- og årsrapport", date(2026, 5, 10), date(2026, 9, 10)),
        ("Kvartalsvis", None, date(2026, 3, 31)),
        ("Kvartalsvis", date(2026, 11, 30), date(2027, 2, 28)),
        ("Månedlig", None, date(2026, 1, 31)),
        ("Månedlig", date(2026, 1, 31), date(2026, 2, 28)),
        ("Jevnlig", None, None),
        ("Jevnlig", date(2026, 3, 15), None),
        ("Løpende", date(2026, 3, 15), None),
        ("31.03.26", date(2026, 5, 1), date(2026, 3, 31)),
        ("2.kvartal 2026", None, date(2026, 6, 30)),
        (LOYPEMELDING, None, date(2026, 10, 31)),
        ("Ikke fastsatt enda", None, None),
        ("asdf", None, None),
    ],
)
def test_neste_forfall(tekst, siste_levering, forfall):
    frist = tolk_frist(tekst, aar=2026)
    assert frist.neste_forfall(siste_levering=siste_levering, aar=2026) == forfall


def test_aarlig_fra_skuddaarsdag():
    frist = tolk_frist("Årlig", aar=2028)
    assert frist.neste_forfall(siste_levering=date(2028, 2, 29), aar=2028) == date(2029, 2, 28)


# --- The JSON shape --------------------------------------------------------------------


@pytest.mark.parametrize("rad", BREVTEKSTER + ANDRE_TEKSTER, ids=_id)
def test_som_dict_og_fra_dict_gaar_rundt(rad):
    frist = tolk_frist(rad[0], aar=rad[1])
    data = frist.som_dict()
    assert set(data) == NOKLER
    assert json.loads(json.dumps(data)) == data
    assert Frist.fra_dict(data) == frist


def test_frist_er_uforanderlig_og_lister_blir_tupler():
    frist = Frist(
        tekst="x",
        type="milepaeler",
        dato=date(2026, 1, 2),
        milepaeler=[Milepael("A", date(2026, 1, 2))],
    )
    assert frist.type is Type.MILEPAELER
    assert frist.milepaeler == (Milepael("A", date(2026, 1, 2), False),)
    with pytest.raises(AttributeError):
        frist.dato = None


# --- The command -----------------------------------------------------------------------


def _kjor(*args):
    ut = io.StringIO()
    call_command("tolk_frist", *args, stdout=ut)
    linjer = ut.getvalue().splitlines()
    assert len(linjer) == 1
    return json.loads(linjer[0])


@pytest.mark.parametrize("rad", BREVTEKSTER, ids=_id)
def test_kommandoen_skriver_samme_json_som_parseren(rad):
    tekst, aar, *forventet = rad
    data = _kjor("--aar", str(aar), tekst or "")
    assert data == _forventet(tekst, *forventet)


@pytest.mark.parametrize(
    "tekst",
    ["asdf", "", "💥" * 1000, "x" * 100_000, "31.02.2026", "\x00\ufffd"],
    ids=lambda t: f"{len(t)}-tegn",
)
def test_kommandoen_godtar_soppel(tekst):
    data = _kjor("--aar", "2026", tekst)
    assert set(data) == NOKLER
    assert data["type"] == "ukjent"
    assert data["tekst"] == tekst


def test_kommandoen_uten_tekst_og_uten_aar():
    assert _kjor()["type"] == "ukjent"
    aar = timezone.localdate().year
    assert _kjor("01.06")["dato"] == f"{aar}-06-01"


def test_kommandoen_avslutter_med_0_ogsaa_for_bytes_som_ikke_er_utf8():
    kjoring = subprocess.run(
        [sys.executable, "manage.py", "tolk_frist", "--aar", "2026", b"\xff\xfe 31.03.26"],
        cwd=REPO,
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )
    assert kjoring.returncode == 0, kjoring.stderr
    data = json.loads(kjoring.stdout.decode("utf-8"))
    assert set(data) == NOKLER
    assert data["type"] == "ukjent"
    assert data["tekst"] == "\ufffd\ufffd 31.03.26"
