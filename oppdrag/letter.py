"""What ``oppdrag`` adds to the letter: its section, the rød tråd, next year, the diff,
and loading the assignments of a transcribed letter. Registered in ``OppdragConfig.ready``."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oppdrag.frist import tolk_frist
from oppdrag.models import Oppdrag, Status
from styring import bidrag
from styring.models import Virksomhet

# The headings of the BFE letter's section 5, mapped to the kind of assignment.
ART_ETTER_OVERSKRIFT = {
    "nye oppdrag": Oppdrag.Art.NYTT,
    "oppdrag fra tidligere": Oppdrag.Art.VIDEREFORT,
    "andre løpende oppdrag": Oppdrag.Art.LOEPENDE,
}


def _art(kategori):
    lowered = (kategori or "").lower()
    for start, art in ART_ETTER_OVERSKRIFT.items():
        if lowered.startswith(start):
            return art
    return Oppdrag.Art.NYTT


def hent_for_brev(*, brev, user):
    assignments = (
        Oppdrag.objects.for_user(user)
        .i_brev(brev)
        .prefetch_related("ansvarlige")
        .order_by("rekkefolge", "pk")
    )
    return {"oppdrag": list(assignments), "brev": brev}


def rod_traad(*, maal_ids, user):
    links = {}
    for oppdrag in Oppdrag.objects.for_user(user).filter(maal_id__in=maal_ids):
        detail = oppdrag.get_status_display()
        if oppdrag.forfall:
            detail = f"{detail}, {_('due')} {oppdrag.forfall:%d.%m.%Y}"
        links.setdefault(oppdrag.maal_id, []).append(
            bidrag.Kobling(_("Assignment"), str(oppdrag), oppdrag.get_absolute_url(), detail)
        )
    return links


def neste_aar(*, fra, til, maal_kart):
    """Unfinished assignments carry over into next year's letter, marked as continued."""
    for oppdrag in Oppdrag.objects.i_brev(fra).exclude(
        status__in=(Status.GODKJENT, Status.BORTFALT)
    ):
        oppdrag.brev_i.add(til)
        changed = []
        if oppdrag.art == Oppdrag.Art.NYTT:
            oppdrag.art = Oppdrag.Art.VIDEREFORT
            changed.append("art")
        if oppdrag.maal_id in maal_kart:
            oppdrag.maal = maal_kart[oppdrag.maal_id]
            changed.append("maal")
        if changed:
            oppdrag.save(update_fields=changed)


def brevdiff(*, fra, til, maal_kart):
    before = {o.pk: o for o in Oppdrag.objects.i_brev(fra)}
    after = {o.pk: o for o in Oppdrag.objects.i_brev(til)}
    kategori = _("Assignment")
    rows = []
    for pk, oppdrag in after.items():
        if pk in before:
            rows.append(
                bidrag.Forskjell(
                    kategori,
                    str(oppdrag),
                    bidrag.Art.OVERFORT,
                    felt=str(Oppdrag._meta.get_field("status").verbose_name),
                    ny=oppdrag.get_status_display(),
                )
            )
        else:
            rows.append(bidrag.Forskjell(kategori, str(oppdrag), bidrag.Art.NY, ny=oppdrag.tekst))
    for pk, oppdrag in before.items():
        if pk not in after:
            rows.append(
                bidrag.Forskjell(kategori, str(oppdrag), bidrag.Art.FJERNET, gammel=oppdrag.tekst)
            )
    return rows


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


def register():
    bidrag.register_brevinnhold(
        bidrag.Brevinnhold(
            "oppdrag", gettext_lazy("Assignments"), "oppdrag/_brev_oppdrag.html", hent_for_brev
        )
    )
    bidrag.register_rod_traad(rod_traad)
    bidrag.register_neste_aar(neste_aar)
    bidrag.register_brevdiff(brevdiff)
    bidrag.register_lasting(last_oppdrag)
    bidrag.register_demodata(demodata)
    from oppdrag import oversikt, stort_datasett

    oversikt.register()
    bidrag.register_stort_datasett(stort_datasett.lag_stort_datasett)


def demodata(*, brukere):
    """Follow-up on three BFE 2026 assignments, so the overview shows each state."""
    from oppdrag import tjenester
    from oppdrag.models import Statusrapport

    letter = Oppdrag.objects.filter(brev__kilde="bfe-tildelingsbrev-2026")
    reporter, officer = brukere["demo-bfe-rapportor"], brukere["demo-set-styrer"]
    first = letter.filter(kode="1").first()
    if first is None or Statusrapport.objects.filter(oppdrag__in=letter).exists():
        return
    tjenester.endre_status(oppdrag=first, bruker=reporter, til=Status.PAAGAAR)
    tjenester.skriv_statusrapport(
        oppdrag=first,
        bruker=reporter,
        aar=first.brev.aar,
        tertial=1,
        tekst="Demo – arbeidet med samfunnsoppdraget er i gang.",
    )
    delivered = letter.get(frist_tekst="20.01.2026")
    tjenester.registrer_leveranse(
        oppdrag=delivered,
        bruker=reporter,
        dato=delivered.frist_dato,
        beskrivelse="Demo – forslag til rapporteringsmal.",
        lenke="https://example.org/demo",
    )
    approved = letter.get(frist_tekst="28.02.2026")
    tjenester.registrer_leveranse(
        oppdrag=approved,
        bruker=reporter,
        dato=approved.frist_dato,
        beskrivelse="Demo – MST-team 2 er etablert.",
        lenke="https://example.org/demo",
    )
    tjenester.endre_status(oppdrag=approved, bruker=officer, til=Status.GODKJENT)
