"""Reads of organisations: the list (page and API), one organisation's page, and the
department overview of the organisations it steers."""

from styring import registries
from styring.access import Action
from styring.models import Virksomhet


def virksomheter(*, user):
    """The organisations the user may see, with who steers them: the organisation list
    and ``/api/virksomheter/``."""
    return Virksomhet.objects.for_user(user).select_related("styres_av")


def styrte(*, user, virksomhet):
    """The organisations ``virksomhet`` steers, among those the user may see."""
    return Virksomhet.objects.for_user(user).filter(styres_av=virksomhet)


def avdelingsoversikt(*, user, idag):
    """One row per organisation the user's department steers, with a cell per column the
    apps contribute (each column reads all rows at once), and the dashboards' links."""
    steered = list(
        Virksomhet.objects.for_user(user, Action.STEER).exclude(styres_av=None).order_by("navn")
    )
    columns = list(registries.kolonner)
    figures = {k.kode: k.hent(virksomheter=steered, user=user, idag=idag) for k in columns}
    return {
        "kolonner": columns,
        "rader": [
            {"virksomhet": v, "celler": [figures[k.kode].get(v.pk, []) for k in columns]}
            for v in steered
        ],
        "dashboards": list(registries.dashboards),
    }
