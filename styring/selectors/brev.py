"""Reads of allocation letters and their parts: the list with its filters (page and API),
the letter's page, the rød tråd, the letter it is compared with."""

from styring import brevdiff, registries
from styring.letter import maaltre
from styring.models import Foring, Maal, Rapporteringskrav, Tildelingsbrev, Virksomhet


def brev(*, user):
    """The letters the user issues or receives, with issuer and recipients: the base of
    the letter list and of ``/api/brev/``."""
    return (
        Tildelingsbrev.objects.for_user(user)
        .select_related("utsteder")
        .prefetch_related("mottakere")
    )


def filtrer_brev(*, brevliste, aar=None, mottaker="", utsteder="", type="", status=""):
    """The letters ``brevliste`` (a queryset) narrowed by year, recipient and issuer
    (organisation codes), kind and status; None or "" does not narrow. The letter list and
    ``/api/brev/`` both filter through here."""
    letters = brevliste
    if aar is not None:
        letters = letters.filter(aar=aar)
    if mottaker:
        letters = letters.filter(mottakere__kode=mottaker)
    if utsteder:
        letters = letters.filter(utsteder__kode=utsteder)
    if type:
        letters = letters.filter(type=type)
    if status:
        letters = letters.filter(status=status)
    return letters


def brevliste(*, user, aar=None, mottaker=""):
    """The letter list's rows: the user's letters of year ``aar`` to ``mottaker``."""
    return filtrer_brev(brevliste=brev(user=user), aar=aar, mottaker=mottaker)


def brevfiltre(*, user):
    """The choices of the letter list's filters: the years and recipients of the letters
    the user sees."""
    visible = Tildelingsbrev.objects.for_user(user)
    return {
        "aar_valg": visible.order_by("-aar").values_list("aar", flat=True).distinct(),
        "mottaker_valg": Virksomhet.objects.filter(tildelingsbrev__in=visible)
        .distinct()
        .order_by("navn"),
    }


def forrige_aars_brev(*, brev, user):
    """The letter ``brev`` was made from, else last year's letter to the same recipients."""
    visible = Tildelingsbrev.objects.for_user(user)
    if brev.forrige_id:
        return visible.filter(pk=brev.forrige_id).first()
    recipients = set(brev.mottakere.values_list("pk", flat=True))
    candidates = visible.filter(
        utsteder=brev.utsteder, aar=brev.aar - 1, type=brev.type
    ).prefetch_related("mottakere")
    for candidate in candidates:
        if {m.pk for m in candidate.mottakere.all()} == recipients:
            return candidate
    return None


def seksjoner(*, brev, user):
    """The letter's sections, each with ``deler``: (template, context) of the parts the
    apps contribute to it. A part shown in several sections is read once."""
    sections = list(brev.seksjoner.all())
    parts = {}
    for seksjon in sections:
        seksjon.deler = []
        for key in seksjon.innhold:
            part = registries.brevinnhold.get(key)
            if part is None:
                continue
            if key not in parts:
                parts[key] = part.hent(brev=brev, user=user)
            seksjon.deler.append((part.template_name, parts[key]))
    return sections, parts


def brevside(*, brev, user):
    """What the letter's page shows around the letter: sections and parts, recipients,
    attachments (unless a section shows them), supplementary, next and previous letters."""
    sections, parts = seksjoner(brev=brev, user=user)
    visible = Tildelingsbrev.objects.for_user(user)
    return {
        "seksjoner": sections,
        "mottakere": list(brev.mottakere.all()),
        "vedlegg": None if "vedlegg" in parts else list(brev.vedlegg.all()),
        "supplerende": list(visible.filter(supplerer=brev).order_by("pk")),
        "neste": visible.filter(forrige=brev).first(),
        "forrige": forrige_aars_brev(brev=brev, user=user),
    }


def rod_traad(*, brev, user):
    """Kommunemål → sektormål → tiltak of the letter and its issued supplements, each goal
    with ``koblinger``: what the apps follow it up with."""
    letters = [brev.pk] + list(
        Tildelingsbrev.objects.for_user(user)
        .filter(supplerer=brev, status=Tildelingsbrev.Status.UTSTEDT)
        .values_list("pk", flat=True)
    )
    goals = list(
        Maal.objects.for_user(user).filter(brev__in=letters).select_related("forelder").tre()
    )
    # The letter's goals hang under the municipality's; show those as roots.
    roots = {g.forelder_id: g.forelder for g in goals if g.forelder and not g.forelder.brev_id}
    tree = maaltre(sorted(roots.values(), key=lambda g: (g.rekkefolge, g.pk)) + goals)
    koblinger = {}
    ids = [goal.pk for goal in goals]
    for function in registries.rod_traad:
        for goal_id, items in function(maal_ids=ids, user=user).items():
            koblinger.setdefault(goal_id, []).extend(items)
    for goal in goals:
        goal.koblinger = koblinger.get(goal.pk, [])
    return tree


def sammenligning(*, brev, fra, user):
    """The diff from ``fra`` (None: nothing to compare with) to ``brev``, and the other
    letters the user may compare with."""
    return {
        "fra": fra,
        "forskjeller": brevdiff.sammenlign(fra=fra, til=brev) if fra else [],
        "andre_brev": Tildelingsbrev.objects.for_user(user).exclude(pk=brev.pk),
    }


def maal(*, user):
    """Goals and measures of the letters the user sees, and the municipality's goals."""
    return Maal.objects.for_user(user).select_related("brev")


def foringer(*, user):
    return Foring.objects.for_user(user).select_related("brev")


def rapporteringskrav(*, user):
    return Rapporteringskrav.objects.for_user(user).select_related("brev")
