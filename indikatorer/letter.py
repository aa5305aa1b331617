"""What ``indikatorer`` adds to the letter: its tables, the rød tråd, next year, the diff,
and loading the indicators of a transcribed letter. Registered in ``IndikatorerConfig.ready``.
"""

from django.db.models import Prefetch
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indikatorer import maaltall as mt
from indikatorer.models import Indikator, Indikatorsett, Maalverdi, Resultat
from styring import bidrag
from styring.models import Maal, Virksomhet

# How often an indicator is reported, read from the letter's words.
FREKVENS_ETTER_KODE = {
    "maaned": Indikator.Frekvens.MAANED,
    "tertial_og_aar": Indikator.Frekvens.TERTIAL_OG_AAR,
    "aar": Indikator.Frekvens.AAR,
}

# Which way is better, from how the target is written.
LAVERE = {
    mt.Sammenligning.UNDER,
    mt.Sammenligning.MAKS,
    mt.Sammenligning.FAERRE_ENN,
    mt.Sammenligning.LAVERE_ENN,
    mt.Sammenligning.REDUSERT,
}
HOYERE = {
    mt.Sammenligning.OVER,
    mt.Sammenligning.MINST,
    mt.Sammenligning.FLERE_ENN,
    mt.Sammenligning.HOYERE_ENN,
    mt.Sammenligning.OKT,
}

# The indicator's unit, from the unit its target is written in.
ENHET_FRA_MAALTALL = {
    mt.Enhet.PROSENT: Indikator.Enhet.PROSENT,
    mt.Enhet.ANTALL: Indikator.Enhet.ANTALL,
    mt.Enhet.PER_1000: Indikator.Enhet.PER_1000,
    mt.Enhet.TIMER: Indikator.Enhet.TIMER,
    mt.Enhet.DAGER: Indikator.Enhet.DAGER,
    mt.Enhet.UKER: Indikator.Enhet.UKER,
    mt.Enhet.MAANEDER: Indikator.Enhet.MAANEDER,
    mt.Enhet.KRONER: Indikator.Enhet.KRONER,
    mt.Enhet.JA_NEI: Indikator.Enhet.JA_NEI_DELVIS,
    mt.Enhet.TEKST: Indikator.Enhet.TEKST,
}


def frekvens_fra_tekst(tekst):
    """The reporting frequency a letter describes in words, or "" when it does not say."""
    lowered = (tekst or "").lower()
    if "måned" in lowered:
        return Indikator.Frekvens.MAANED
    if "tre ganger" in lowered or ("kvartal" in lowered and "tertial" in lowered):
        return Indikator.Frekvens.TRE_GANGER
    if "tertial" in lowered:
        return Indikator.Frekvens.TERTIAL_OG_AAR
    if "årsberetning" in lowered or "årsrapport" in lowered:
        return Indikator.Frekvens.AAR
    return ""


def retning_fra(target):
    """Which way is better, as the target says it: "< 9,1 %" lower, "Minimum 80" higher,
    "0" lower, "100 %" higher, another exact number exactly, an assessment none."""
    if target.sammenligning in LAVERE:
        return Indikator.Retning.LAVERE_ER_BEDRE
    if target.sammenligning in HOYERE:
        return Indikator.Retning.HOYERE_ER_BEDRE
    if target.sammenligning == mt.Sammenligning.LIK and target.verdi is not None:
        if target.verdi == 0:
            return Indikator.Retning.LAVERE_ER_BEDRE
        if target.enhet == mt.Enhet.PROSENT and target.verdi == 100:
            return Indikator.Retning.HOYERE_ER_BEDRE
        return Indikator.Retning.EKSAKT
    return Indikator.Retning.INGEN


def enhet_fra(target, navn="", resultater=()):
    """The indicator's unit: per 1,000 or yes/no/partly when its name says so, else the
    unit its results are written in, else its target's."""
    lowered = navn.lower()
    if "1 000" in lowered or "1000" in lowered:
        return Indikator.Enhet.PER_1000
    if "ja/nei/delvis" in lowered:
        return Indikator.Enhet.JA_NEI_DELVIS
    for text in resultater:
        unit = mt.tolk_resultat(text).enhet
        if unit not in (None, mt.Enhet.ANTALL):
            return ENHET_FRA_MAALTALL[unit]
    return ENHET_FRA_MAALTALL.get(target.enhet, "") if target.enhet else ""


# Loading


def last_indikatorer(*, brev, data, maal):
    if data["dokumenttype"] == "tildelingsbrev":
        _last_resultatindikatorer(brev, data)
        _last_klimabudsjett(brev, data)
    else:
        _last_styringsparametere(brev, data, maal)


def _ny_indikator(brev, *, target_text, target_year, bidragsytere=(), resultater=(), **fields):
    target = mt.tolk_maaltall(target_text)
    fields.setdefault("retning", retning_fra(target))
    fields.setdefault("enhet", enhet_fra(target, fields.get("navn", ""), resultater))
    indikator = Indikator.objects.create(**fields)
    indikator.brev.add(brev)
    if bidragsytere:
        indikator.bidragsytere.set(bidragsytere)
    if target_text:
        maalverdi = Maalverdi(indikator=indikator, aar=target_year)
        maalverdi.maaltall = target
        maalverdi.save()
    return indikator


def _last_resultatindikatorer(brev, data):
    recipient = brev.mottakere.get()
    organisations = {v.kode: v for v in Virksomhet.objects.all()}
    for order, item in enumerate(data.get("resultatindikatorer") or [], start=1):
        contributors = [organisations[kode] for kode in item.get("bidragsytere") or []]
        target = item.get("maaltall") or {}
        sett = None
        if item.get("maal"):
            sett, _created = Indikatorsett.objects.get_or_create(
                navn=item["maal"], defaults={"eier": brev.utsteder}
            )
            shared = Indikator.objects.filter(sett=sett, navn=item["navn"]).first()
            if shared is not None:
                # One set, shared: another letter's indicator gains this letter and its
                # contributors, never a copy.
                shared.brev.add(brev)
                shared.bidragsytere.add(*contributors)
                _add_target(shared, target)
                _add_results(shared, item)
                continue
        indikator = _ny_indikator(
            brev,
            target_text=target.get("tekst") or "",
            target_year=target.get("aar") or brev.aar,
            bidragsytere=contributors,
            resultater=[r.get("tekst") or "" for r in item.get("resultater") or []],
            navn=item["navn"],
            type=Indikator.Type.RESULTATINDIKATOR,
            kilde=item.get("kilde") or "",
            merknad=item.get("merknad") or "",
            rapportering=item.get("rapportering") or "",
            rapporteringsfrekvens=frekvens_fra_tekst(item.get("rapportering")),
            sett=sett,
            # A shared set's indicator belongs to the department that coordinates it; an
            # agency's own indicator to the agency.
            eier=brev.utsteder if sett else recipient,
            rekkefolge=order,
        )
        _add_results(indikator, item)


def _add_target(indikator, target):
    if target.get("tekst") and not indikator.maalverdier.filter(aar=target["aar"]).exists():
        maalverdi = Maalverdi(indikator=indikator, aar=target["aar"])
        maalverdi.maaltall = mt.tolk_maaltall(target["tekst"])
        maalverdi.save()


def _add_results(indikator, item):
    for result in item.get("resultater") or []:
        exists = indikator.resultater.filter(
            aar=result["aar"], periode="", virksomhet__isnull=True
        ).exists()
        if not exists and result.get("tekst"):
            Resultat.objects.create(indikator=indikator, aar=result["aar"], tekst=result["tekst"])


def _last_klimabudsjett(brev, data):
    recipient = brev.mottakere.get()
    start = 100  # after the result indicators
    for order, item in enumerate(data.get("klimabudsjett") or [], start=start):
        _ny_indikator(
            brev,
            target_text=item.get("maaltall") or "",
            target_year=brev.aar,
            kode=item.get("nr") or "",
            navn=item["indikator"],
            type=Indikator.Type.KLIMAINDIKATOR,
            kategori=item.get("kategori") or "",
            beskrivelse=item.get("virkemiddel") or "",
            rapportering=item.get("rapportering") or "",
            rapporteringsfrekvens=frekvens_fra_tekst(item.get("rapportering")),
            eier=recipient,
            rekkefolge=order,
        )


def _last_styringsparametere(brev, data, maal):
    regions = list(brev.mottakere.all())
    order = 0
    for hovedmaal in data.get("hovedmaal") or []:
        groups = [(hovedmaal["kode"], hovedmaal.get("styringsparametere") or [])]
        groups += [
            (delmaal["kode"], delmaal.get("styringsparametere") or [])
            for delmaal in hovedmaal.get("delmaal") or []
        ]
        for goal_code, items in groups:
            for item in items:
                order += 1
                _ny_indikator(
                    brev,
                    target_text=item.get("resultatkrav") or "",
                    target_year=brev.aar,
                    bidragsytere=regions,
                    kode=item["kode"],
                    navn=item["tekst"],
                    type=Indikator.Type.STYRINGSPARAMETER,
                    rapportering=item.get("rapportering") or "",
                    rapporteringsfrekvens=FREKVENS_ETTER_KODE.get(item.get("frekvens"), "")
                    or frekvens_fra_tekst(item.get("rapportering")),
                    ansvarlig_enhet=item.get("ansvarlig_bufdir") or "",
                    eier=brev.utsteder,
                    maal=maal.get(goal_code),
                    rekkefolge=order,
                )


# The letter's parts


def _i_brev(brev, user, type):
    """The letter's indicators of one kind. The letter page asks for each kind in turn,
    so the first call reads all kinds (three queries) and keeps them on the letter."""
    loaded = brev.__dict__.setdefault("_indikatorer_for_bruker", {})
    if user.pk not in loaded:
        loaded[user.pk] = list(
            Indikator.objects.for_user(user)
            .i_brev(brev)
            .med_tall(user)
            .select_related("maal__forelder")
            .order_by("rekkefolge", "pk")
        )
    return [indikator for indikator in loaded[user.pk] if indikator.type == type]


def _rader(indikatorer, brev):
    rows = []
    years = resultataar(brev)
    for indikator in indikatorer:
        target = indikator.maalverdi_for(brev.aar)
        rows.append(
            {
                "indikator": indikator,
                "resultater": [indikator.samlet_resultat(year) for year in years],
                "maalverdi": target,
                "vurdering": indikator.vurdering(brev.aar),
            }
        )
    return rows


def resultataar(brev):
    """The years of results the letter's table shows: the three before the letter's."""
    return [brev.aar - 3, brev.aar - 2, brev.aar - 1]


def hent_resultatindikatorer(*, brev, user):
    indikatorer = _i_brev(brev, user, Indikator.Type.RESULTATINDIKATOR)
    groups = {}
    for row in _rader(indikatorer, brev):
        groups.setdefault(row["indikator"].sett, []).append(row)
    return {
        "brev": brev,
        "grupper": list(groups.items()),
        "resultataar": resultataar(brev),
    }


def hent_klimabudsjett(*, brev, user):
    indikatorer = _i_brev(brev, user, Indikator.Type.KLIMAINDIKATOR)
    return {"brev": brev, "rader": _rader(indikatorer, brev)}


def hent_styringsparametere(*, brev, user):
    indikatorer = _i_brev(brev, user, Indikator.Type.STYRINGSPARAMETER)
    groups = {}
    for row in _rader(indikatorer, brev):
        groups.setdefault(row["indikator"].maal, []).append(row)
    return {"brev": brev, "grupper": list(groups.items())}


# Rød tråd


def rod_traad(*, maal_ids, user):
    """Indicators under their goal. An indicator carried into later letters follows the
    copies of its goal, so each letter's goal finds it as long as it appears in that
    letter."""
    goals = dict(Maal.objects.filter(pk__in=maal_ids).values_list("pk", "brev_id"))
    shown_as = {pk: pk for pk in goals}
    frontier = list(goals)
    while frontier:
        copies = Maal.objects.filter(kopiert_fra_id__in=frontier).values_list(
            "pk", "kopiert_fra_id"
        )
        frontier = []
        for pk, source in copies:
            if pk not in shown_as:
                shown_as[pk] = shown_as[source]
                frontier.append(pk)
    links = {}
    indikatorer = (
        Indikator.objects.for_user(user)
        .filter(maal_id__in=list(shown_as))
        .med_tall(user)
        .prefetch_related("brev")
        .order_by("rekkefolge", "pk")
    )
    for indikator in indikatorer:
        goal = shown_as[indikator.maal_id]
        letter = goals[goal]
        if letter not in {b.pk for b in indikator.brev.all()}:
            continue
        year = next(b.aar for b in indikator.brev.all() if b.pk == letter)
        detail = str(indikator.vurdering(year))
        target = indikator.maalverdi_for(year)
        if target is not None:
            text = Truncator(target.tekst).chars(80)
            detail = _("%(status)s; target %(year)s: %(target)s") % {
                "status": detail,
                "year": year,
                "target": text,
            }
        links.setdefault(goal, []).append(
            bidrag.Kobling(_("Indicator"), str(indikator), indikator.get_absolute_url(), detail)
        )
    return links


# Next year's letter


def neste_aar(*, fra, til, maal_kart):
    """The letter's indicators carry over: the same indicator appears in the new letter,
    under the copy of its goal, with the latest target copied to the new year (marked as
    carried over) unless that year already has one."""
    indikatorer = Indikator.objects.i_brev(fra).prefetch_related(
        Prefetch("maalverdier", queryset=Maalverdi.objects.order_by("aar"))
    )
    for indikator in indikatorer:
        indikator.brev.add(til)
        if indikator.maal_id in maal_kart:
            indikator.maal = maal_kart[indikator.maal_id]
            indikator.save(update_fields=["maal"])
        targets = list(indikator.maalverdier.all())
        if any(target.aar == til.aar for target in targets):
            continue
        earlier = [target for target in targets if target.aar < til.aar]
        if not earlier:
            continue
        latest = earlier[-1]
        copy = Maalverdi(indikator=indikator, aar=til.aar, kopiert_fra=latest)
        copy.maaltall = latest.maaltall
        copy.save()


# The diff


def brevdiff(*, fra, til, maal_kart):
    """Indicators new in or gone from ``til``, and targets changed from ``fra``'s year to
    ``til``'s ("Target 2026 → 2027")."""
    before = {i.pk: i for i in Indikator.objects.i_brev(fra).prefetch_related("maalverdier")}
    after = {i.pk: i for i in Indikator.objects.i_brev(til).prefetch_related("maalverdier")}
    kategori = _("Indicator")
    rows = []
    for pk, indikator in after.items():
        new_target = indikator.maalverdi_for(til.aar)
        if pk not in before:
            rows.append(
                bidrag.Forskjell(
                    kategori,
                    str(indikator),
                    bidrag.Art.NY,
                    ny=new_target.tekst if new_target else "",
                )
            )
            continue
        if fra.aar == til.aar:
            continue
        old_target = indikator.maalverdi_for(fra.aar)
        old_text = old_target.tekst if old_target else ""
        new_text = new_target.tekst if new_target else ""
        if old_text != new_text:
            rows.append(
                bidrag.Forskjell(
                    kategori,
                    str(indikator),
                    bidrag.Art.ENDRET,
                    felt=_("Target %(old)s → %(new)s") % {"old": fra.aar, "new": til.aar},
                    gammel=old_text,
                    ny=new_text,
                )
            )
    for pk, indikator in before.items():
        if pk not in after:
            old_target = indikator.maalverdi_for(fra.aar)
            rows.append(
                bidrag.Forskjell(
                    kategori,
                    str(indikator),
                    bidrag.Art.FJERNET,
                    gammel=old_target.tekst if old_target else "",
                )
            )
    return rows


def register():
    for key, label, hent in [
        ("resultatindikatorer", gettext_lazy("Result indicators"), hent_resultatindikatorer),
        ("klimabudsjett", gettext_lazy("Climate budget"), hent_klimabudsjett),
        ("styringsparametere", gettext_lazy("Steering parameters"), hent_styringsparametere),
    ]:
        bidrag.register_brevinnhold(
            bidrag.Brevinnhold(key, label, f"indikatorer/_brev_{key}.html", hent)
        )
    bidrag.register_rod_traad(rod_traad)
    bidrag.register_neste_aar(neste_aar)
    bidrag.register_brevdiff(brevdiff)
    bidrag.register_lasting(last_indikatorer)
    from indikatorer import oversikt, stort_datasett

    oversikt.register()
    bidrag.register_stort_datasett(stort_datasett.lag_stort_datasett)
