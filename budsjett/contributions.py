"""What ``budsjett`` adds to ``styring``'s registries (registrations only)."""

from django.utils.translation import gettext_lazy as _

from budsjett import demo, letter, loading, reports, selectors
from styring import registries
from styring.letter import Brevinnhold
from styring.navigation import MenuItem
from styring.reports.typer import Tertialdel
from styring.selectors.oversikt import Kolonne

registries.menu.register(MenuItem(_("Budget"), "budsjett:budsjett", order=45))

registries.brevinnhold.register(
    Brevinnhold("budsjett", _("Budget"), "budsjett/_brev_budsjett.html", letter.hent_for_brev),
    order=30,
)
registries.rod_traad.register(letter.rod_traad, key="budsjett", order=30)
registries.lasting.register(loading.last_budsjett, key="budsjett", order=30)
registries.demodata.register(demo.lag_demodata, key="budsjett", order=30)

registries.kolonner.register(Kolonne("budsjett", _("Budget"), 50, selectors.oversikt_budsjett))
registries.oppgavekilder.register(selectors.oppgaver, key="budsjett", order=30)

registries.tertialdeler.register(
    Tertialdel(
        kode="budsjett",
        navn=_("Budget"),
        rekkefolge=30,
        template_name="budsjett/rapporter/tertial_budsjett.html",
        hent=reports.hent_tertial_budsjett,
    )
)
