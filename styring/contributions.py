"""What ``styring`` itself adds to its registries: the menu, the letter's own parts, the
tertial report and its risk part, the reports to read on the home page, demo data."""

from django.utils.translation import gettext_lazy as _

from styring import demo, letter, registries
from styring.letter import Brevinnhold
from styring.navigation import MenuItem
from styring.perioder import Frekvens
from styring.reports import tertial, tilgang
from styring.reports.typer import Rapporttype, Tertialdel

registries.menu.register(MenuItem(_("Home"), "styring:forside", order=0))
registries.menu.register(MenuItem(_("Overview"), "styring:avdelingsoversikt", order=5))
registries.menu.register(MenuItem(_("Organisations"), "styring:virksomhet-liste", order=10))
registries.menu.register(MenuItem(_("Allocation letters"), "styring:brev-liste", order=20))
registries.menu.register(MenuItem(_("Reports"), "styring:rapporter", order=60))

registries.brevinnhold.register(
    Brevinnhold(
        "kommunemaal",
        _("Municipal goals"),
        "styring/brev/_kommunemaal.html",
        letter.hent_kommunemaal,
    ),
    order=1,
)
registries.brevinnhold.register(
    Brevinnhold("maal", _("Goals and measures"), "styring/brev/_maal.html", letter.hent_maal),
    order=2,
)
registries.brevinnhold.register(
    Brevinnhold("foringer", _("Directives"), "styring/brev/_foringer.html", letter.hent_foringer),
    order=3,
)
registries.brevinnhold.register(
    Brevinnhold(
        "rapportering",
        _("Reporting requirements"),
        "styring/brev/_rapportering.html",
        letter.hent_rapportering,
    ),
    order=4,
)
registries.brevinnhold.register(
    Brevinnhold(
        "styringsmoter",
        _("Steering meetings"),
        "styring/brev/_styringsmoter.html",
        letter.hent_styringsmoter,
    ),
    order=5,
)
registries.brevinnhold.register(
    Brevinnhold("vedlegg", _("Attachments"), "styring/brev/_vedlegg.html", letter.hent_vedlegg),
    order=6,
)

registries.rapporttyper.register(
    Rapporttype(
        kode="tertial",
        navn=_("Tertial report"),
        frekvens=Frekvens.TERTIAL,
        template_name="styring/rapporter/tertial.html",
        hent=tertial.hent_tertialrapport,
        gjelder=tertial.gjelder_tertialrapport,
    ),
    order=0,
)
registries.tertialdeler.register(
    Tertialdel(
        kode="risiko",
        navn=_("Risk assessment"),
        rekkefolge=50,
        template_name="styring/rapporter/_risiko.html",
        hent=tertial.hent_risiko,
    )
)

registries.oppgavekilder.register(tilgang.nye_rapporter, key="styring", order=0)

registries.demodata.register(demo.create_demo_steering, key="styring", order=0)
