"""Who may order, preview and subscribe to the reports of an organisation."""

from styring.access import Rolle
from styring.models import Virksomhet
from styring.rapporter import gjengivelse
from styring.rapporter.register import rapporttyper


def typer_for(virksomhet):
    return [t for t in rapporttyper.values() if t.gjelder(virksomhet)]


def kan_bestille(bruker, virksomhet):
    """Department staff and the agency's approvers, within what they may see."""
    if bruker.is_superuser:
        return True
    if bruker.rolle not in (Rolle.STYRER, Rolle.GODKJENNER):
        return False
    return Virksomhet.objects.for_user(bruker).filter(pk=virksomhet.pk).exists()


def perioder(*, frekvens, idag, antall=12):
    """The latest ended periods, newest first: what a person may order a report for."""
    result = []
    day = idag
    for _index in range(antall):
        fra, til = gjengivelse.siste_avsluttede_periode(frekvens=frekvens, idag=day)
        result.append((fra, til))
        day = fra
    return result
