"""Assignments loaded from the letters (``oppdrag.loading``)."""

import datetime

from oppdrag.models import Oppdrag


def bfe(brev, text):
    return Oppdrag.objects.get(brev=brev["bfe"], frist_tekst=text)


def test_every_bfe_assignment_is_loaded_with_its_deadline_text(brev):
    assignments = Oppdrag.objects.filter(brev=brev["bfe"])
    assert assignments.count() == 22
    assert sorted(assignments.values_list("art", flat=True)) == sorted(
        ["nytt"] * 5 + ["viderefort"] * 10 + ["lopende"] * 7
    )
    assert list(assignments.exclude(kode="").values_list("kode", flat=True)) == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert {v.kode for o in assignments for v in o.ansvarlige.all()} == {"BFE"}
    first = assignments.get(kode="1")
    assert (first.frist_tekst, first.frist_dato, first.forfall) == (
        "31.03.26",
        datetime.date(2026, 3, 31),
        datetime.date(2026, 3, 31),
    )
    milestones = bfe(
        brev,
        "Løypemelding 01.06.2026\nFrist for gjennomføring av anskaffelsen er tentativt satt "
        "til september/oktober2026",
    )
    assert milestones.frist_type == "milepaeler"
    assert milestones.frist_forelopig
    assert bfe(brev, "Ikke fastsatt enda").forfall is None
    assert bfe(brev, "2.kvartal 2026").samarbeid == ""
    assert Oppdrag.objects.get(brev=brev["bfe"], kode="2").samarbeid == (
        "i samarbeid med barnevernstjenestene"
    )


def test_every_bufdir_assignment_is_loaded_with_region_unit_and_goal(brev):
    assignments = Oppdrag.objects.filter(brev=brev["bufdir"])
    assert assignments.count() == 92
    first = assignments.get(kode="O 1.1")
    assert first.ansvarlig_enhet == "Tjenesteutvikling"
    assert first.frist_tekst == "Årsrapport"
    assert first.forfall == datetime.date(2023, 12, 31)
    assert sorted(v.kode for v in first.ansvarlige.all()) == [
        "region-midt-norge",
        "region-nord",
        "region-ost",
        "region-sor",
        "region-vest",
    ]
    assert first.maal.kode_visning == "Hovedmål 1"
    under_sub_goal = assignments.get(kode="O 1.2.1")
    assert under_sub_goal.maal.kode == "1.2"
    assert not assignments.filter(ansvarlige__isnull=True).exists()
