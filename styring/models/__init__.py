from .brev import (
    Planperiode,
    Rapporteringskrav,
    Rapporteringsperiode,
    Seksjon,
    Tildelingsbrev,
    Vedlegg,
)
from .bruker import Bruker
from .endring import Endring
from .maal import Foring, Maal
from .risiko import Risikovurdering
from .styringsmote import Styringsmote
from .virksomhet import Virksomhet

__all__ = [
    "Bruker",
    "Endring",
    "Foring",
    "Maal",
    "Planperiode",
    "Rapporteringskrav",
    "Rapporteringsperiode",
    "Risikovurdering",
    "Seksjon",
    "Styringsmote",
    "Tildelingsbrev",
    "Vedlegg",
    "Virksomhet",
]
