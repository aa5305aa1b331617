"""Which reports there are for an organisation, and the periods one may order them for.

Who may order and preview them is ``Action.ORDER`` in ``styring.access``."""

from styring.perioder import siste_avsluttede_periode
from styring.registries import rapporttyper


def typer_for(virksomhet):
    return [t for t in rapporttyper.values() if t.gjelder(virksomhet)]


def typer_per_virksomhet(virksomheter):
    """(organisation, its report types) for each of ``virksomheter``, in a fixed number
    of queries."""
    virksomheter = list(virksomheter)
    gjelder = {t.kode: t.gjelder_for(virksomheter) for t in rapporttyper.values()}
    return [
        (v, [t for t in rapporttyper.values() if v.pk in gjelder[t.kode]]) for v in virksomheter
    ]


def perioder(*, frekvens, idag, antall=12):
    """The latest ended periods, newest first: what a person may order a report for."""
    result = []
    day = idag
    for _index in range(antall):
        fra, til = siste_avsluttede_periode(frekvens=frekvens, idag=day)
        result.append((fra, til))
        day = fra
    return result


def nye_rapporter(*, user, idag):
    """Reports of the user's own organisation issued in the last 30 days, to read."""
    import datetime

    from django.utils.translation import gettext as _

    from styring.models import Rapport
    from styring.selectors.oversikt import Oppgave

    if user.virksomhet_id is None:
        return []
    since = idag - datetime.timedelta(days=30)
    return [
        Oppgave(
            tekst=_("Read: %(title)s") % {"title": rapport.tittel}, url=rapport.get_absolute_url()
        )
        for rapport in Rapport.objects.for_user(user)
        .filter(virksomhet=user.virksomhet_id, generert__date__gte=since)
        .order_by("-generert")[:5]
    ]
