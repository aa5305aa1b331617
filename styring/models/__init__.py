from .bruker import Bruker
from .endring import Endring
from .virksomhet import Virksomhet

__all__ = ["Bruker", "Endring", "Virksomhet"]
