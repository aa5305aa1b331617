"""Load the assignments of a letter transcribed in ``fixtures/brev``.

Registered in ``styring.registries.lasting`` by ``oppdrag.contributions``;
``styring.loading`` calls ``last_oppdrag`` inside the transaction that loads the letter.
"""

from oppdrag.frist import tolk_frist
from oppdrag.models import Oppdrag
from styring.models import Virksomhet

# The headings of the BFE letter's section 5, mapped to the kind of assignment.
ART_ETTER_OVERSKRIFT = {
    "nye oppdrag": Oppdrag.Art.NYTT,
    "oppdrag fra tidligere": Oppdrag.Art.VIDEREFORT,
    "andre løpende oppdrag": Oppdrag.Art.LOPENDE,
}


def _art(kategori):
    lowered = (kategori or "").lower()
    for start, art in ART_ETTER_OVERSKRIFT.items():
        if lowered.startswith(start):
            return art
    return Oppdrag.Art.NYTT


def last_oppdrag(*, brev, data, maal):
    if data["dokumenttype"] == "tildelingsbrev":
        _last_tildelingsbrev(brev, data)
    else:
        _last_disponeringsbrev(brev, data, maal)


def _create(brev, *, ansvarlige, frist_tekst, **fields):
    oppdrag = Oppdrag(brev=brev, **fields)
    oppdrag.sett_frist(tolk_frist(frist_tekst, aar=brev.aar))
    oppdrag.forfall = oppdrag.beregn_forfall()
    oppdrag.save()
    oppdrag.ansvarlige.set(ansvarlige)
    return oppdrag


def _last_tildelingsbrev(brev, data):
    recipients = list(brev.mottakere.all())
    for item in data["oppdrag"]:
        _create(
            brev,
            ansvarlige=recipients,
            frist_tekst=item.get("frist_tekst"),
            kode=item.get("nummer") or "",
            tekst=item["tekst"],
            art=_art(item.get("kategori")),
            kategori=item.get("kategori") or "",
            samarbeid=item.get("samarbeid") or "",
            oppdragsbrev=item.get("oppdragsbrev") or "",
            rekkefolge=item["indeks"],
        )


def _last_disponeringsbrev(brev, data, maal):
    regions = {
        v.kode.removeprefix("region-"): v
        for v in Virksomhet.objects.filter(kode__startswith="region-")
    }
    order = 0
    for hovedmaal in data["hovedmaal"]:
        groups = [(hovedmaal["kode"], hovedmaal["oppdrag"])]
        groups += [(delmaal["kode"], delmaal["oppdrag"]) for delmaal in hovedmaal["delmaal"]]
        for goal_code, items in groups:
            for item in items:
                order += 1
                _create(
                    brev,
                    ansvarlige=[regions[code] for code in item.get("ansvarlig_region_koder") or []],
                    frist_tekst=item.get("rapportering_tekst"),
                    kode=item["kode"],
                    tekst=item["tekst"],
                    art=Oppdrag.Art.NYTT,
                    utforende_enhet=item.get("spisskompetansemiljo") or "",
                    ansvarlig_enhet=item.get("ansvarlig_bufdir") or "",
                    maal=maal.get(goal_code),
                    rekkefolge=order,
                )
