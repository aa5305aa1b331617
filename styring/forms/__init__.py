from .innlogging import InnloggingForm
from .virksomhet import VirksomhetForm

__all__ = ["InnloggingForm", "VirksomhetForm"]
