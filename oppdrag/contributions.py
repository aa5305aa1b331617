"""What ``oppdrag`` adds to ``styring``'s registries (registrations only)."""

from django.utils.translation import gettext_lazy as _

from oppdrag import demo, letter, loading, reports, selectors, synthetic
from styring import registries
from styring.letter import Brevinnhold
from styring.navigation import MenuItem
from styring.reports.typer import Tertialdel
from styring.selectors.oversikt import Kolonne

registries.menu.register(MenuItem(_("Assignments"), "oppdrag:oppdrag-oversikt", order=30))

registries.brevinnhold.register(
    Brevinnhold("oppdrag", _("Assignments"), "oppdrag/_brev_oppdrag.html", letter.hent_for_brev),
    order=10,
)
registries.rod_traad.register(letter.rod_traad, key="oppdrag", order=10)
registries.neste_aar.register(letter.neste_aar, key="oppdrag", order=10)
registries.brevdiff.register(letter.brevdiff, key="oppdrag", order=10)
registries.lasting.register(loading.last_oppdrag, key="oppdrag", order=10)
registries.demodata.register(demo.lag_demodata, key="oppdrag", order=10)
registries.stort_datasett.register(synthetic.lag_stort_datasett, key="oppdrag", order=10)

registries.kolonner.register(Kolonne("oppdrag", _("Assignments"), 20, selectors.oversikt_oppdrag))
registries.oppgavekilder.register(selectors.oppgaver, key="oppdrag", order=10)

registries.tertialdeler.register(
    Tertialdel(
        kode="oppdrag",
        navn=_("Assignments"),
        rekkefolge=20,
        template_name="oppdrag/rapporter/tertial_oppdrag.html",
        hent=reports.hent_tertial_oppdrag,
    )
)
