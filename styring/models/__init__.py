from .brev import (
    Planperiode,
    Rapporteringskrav,
    Rapporteringsperiode,
    Seksjon,
    Tildelingsbrev,
    Vedlegg,
    brevfelt,
)
from .bruker import Bruker
from .endring import Endring
from .maal import Foring, Maal, maalfelt
from .rapport import Abonnement, Rapport, Rapportjobb, Utsending
from .risiko import Risikovurdering
from .styringsmote import Styringsmote
from .virksomhet import Virksomhet

__all__ = [
    "Abonnement",
    "Bruker",
    "Endring",
    "Foring",
    "Maal",
    "Planperiode",
    "Rapport",
    "Rapportjobb",
    "Rapporteringskrav",
    "Rapporteringsperiode",
    "Risikovurdering",
    "Seksjon",
    "Styringsmote",
    "Tildelingsbrev",
    "Utsending",
    "Vedlegg",
    "Virksomhet",
    "brevfelt",
    "maalfelt",
]
