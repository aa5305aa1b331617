from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndikatorerConfig(AppConfig):
    """Result indicators and monthly reporting; built on ``styring``."""

    name = "indikatorer"
    verbose_name = _("Indicators")

    def ready(self):
        from indikatorer import bidrag, demodata, rapporter, rapporteringsoppsett
        from styring.bidrag import register_demodata, register_lasting
        from styring.navigation import MenuItem, register_menu_item

        bidrag.register()
        register_lasting(rapporteringsoppsett.sett_opp_maanedsrapporter)
        register_demodata(demodata.lag_demodata)
        rapporter.register()
        register_menu_item(MenuItem(_("Indicators"), "indikatorer-oversikt", order=40))
        register_menu_item(MenuItem(_("Reporting"), "innsendinger", order=35))
