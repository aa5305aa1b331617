"""What ``indikatorer`` adds to ``styring``'s registries (registrations only)."""

from django.utils.translation import gettext_lazy as _

from indikatorer import demo, letter, loading, reports, selectors, synthetic
from styring import registries
from styring.letter import Brevinnhold
from styring.navigation import MenuItem
from styring.perioder import Frekvens
from styring.reports.typer import Rapporttype, Tertialdel
from styring.selectors.oversikt import Dashboard, Kolonne

registries.menu.register(MenuItem(_("Reporting"), "indikatorer:innsendinger", order=35))
registries.menu.register(MenuItem(_("Indicators"), "indikatorer:indikatorer-oversikt", order=40))

registries.brevinnhold.register(
    Brevinnhold(
        "resultatindikatorer",
        _("Result indicators"),
        "indikatorer/_brev_resultatindikatorer.html",
        letter.hent_resultatindikatorer,
    ),
    order=20,
)
registries.brevinnhold.register(
    Brevinnhold(
        "klimabudsjett",
        _("Climate budget"),
        "indikatorer/_brev_klimabudsjett.html",
        letter.hent_klimabudsjett,
    ),
    order=21,
)
registries.brevinnhold.register(
    Brevinnhold(
        "styringsparametere",
        _("Steering parameters"),
        "indikatorer/_brev_styringsparametere.html",
        letter.hent_styringsparametere,
    ),
    order=22,
)
registries.rod_traad.register(letter.rod_traad, key="indikatorer", order=20)
registries.neste_aar.register(letter.neste_aar, key="indikatorer", order=20)
registries.brevdiff.register(letter.brevdiff, key="indikatorer", order=20)
registries.lasting.register(loading.last_indikatorer, key="indikatorer", order=20)
# After the indicators: the monthly reports' fields feed two of them.
registries.lasting.register(
    loading.sett_opp_maanedsrapporter, key="indikatorer-maanedsrapporter", order=21
)
registries.demodata.register(demo.lag_demodata, key="indikatorer", order=20)
registries.stort_datasett.register(synthetic.lag_stort_datasett, key="indikatorer", order=20)

registries.kolonner.register(
    Kolonne("indikatorer", _("Indicators"), 10, selectors.oversikt_indikatorer)
)
registries.kolonner.register(
    Kolonne("innsendinger", _("Monthly reporting"), 30, selectors.oversikt_innsendinger)
)
registries.kolonner.register(
    Kolonne(
        "bistandsplikt",
        _("Duty to provide placements"),
        40,
        selectors.oversikt_bistandsplikt,
    )
)
registries.kolonner.register(Kolonne("belegg", _("Occupancy"), 50, selectors.oversikt_belegg))
registries.dashboards.register(
    Dashboard(
        "bistandsplikt",
        _("Dashboard: bistandsplikt"),
        10,
        "indikatorer:dashboard",
        args=("bistandsplikt",),
    )
)
registries.dashboards.register(
    Dashboard("belegg", _("Dashboard: occupancy"), 20, "indikatorer:dashboard", args=("belegg",))
)
registries.oppgavekilder.register(selectors.oppgaver, key="indikatorer", order=20)

registries.rapporttyper.register(
    Rapporttype(
        kode="bistandsplikt-maaned",
        navn=_("Breaches of the duty to provide placements, monthly report"),
        frekvens=Frekvens.MAANED,
        template_name="indikatorer/rapporter/bistandsplikt.html",
        hent=reports.hent_bistandsplikt,
        gjelder=reports.gjelder_bistandsplikt,
        gjelder_hvilke=reports.bistandsplikt_eiere,
    ),
    order=20,
)
registries.rapporttyper.register(
    Rapporttype(
        kode="belegg-maaned",
        navn=_("Occupancy of institutions, monthly report"),
        frekvens=Frekvens.MAANED,
        template_name="indikatorer/rapporter/belegg.html",
        hent=reports.hent_belegg,
        gjelder=reports.gjelder_belegg,
        gjelder_hvilke=reports.belegg_eiere,
    ),
    order=21,
)
registries.tertialdeler.register(
    Tertialdel(
        kode="indikatorer",
        navn=_("Indicators"),
        rekkefolge=10,
        template_name="indikatorer/rapporter/tertial_indikatorer.html",
        hent=reports.hent_tertial_indikatorer,
    )
)
