"""What the apps built on ``styring`` contribute to its letter pages and services.

``styring`` imports none of ``oppdrag``, ``indikatorer`` or ``budsjett``. Each of them
registers, in its ``AppConfig.ready()``, what it adds to a letter: a part shown inside
the letter's sections, the links under each goal on the *rød tråd* page, what is
carried over into next year's letter, and the rows it adds to the diff of two letters.
This is the same pattern as Django's admin registry and ``styring.navigation``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Brevinnhold:
    """A structured part of a letter, shown inside the section whose ``innhold`` names it.

    ``hent(brev=..., user=...)`` runs once per page and returns the template context;
    the template also gets the ``seksjon`` it is shown in.
    """

    key: str
    label: str
    template_name: str
    hent: Callable[..., dict]


@dataclass(frozen=True)
class Kobling:
    """Something tied to a goal: an indicator, an assignment, a budget line."""

    kategori: str
    tekst: str
    url: str = ""
    detalj: str = ""


class Art:
    NY = "ny"
    FJERNET = "fjernet"
    ENDRET = "endret"
    OVERFORT = "overfort"

    LABELS = {
        NY: _("New"),
        FJERNET: _("Removed"),
        ENDRET: _("Changed"),
        OVERFORT: _("Carried over"),
    }


@dataclass(frozen=True)
class Forskjell:
    """One row of the difference between two years' letters."""

    kategori: str
    objekt: str
    art: str
    felt: str = ""
    gammel: str = ""
    ny: str = ""

    @property
    def art_tekst(self):
        return Art.LABELS[self.art]


@dataclass
class _Registry:
    brevinnhold: dict[str, Brevinnhold] = field(default_factory=dict)
    rod_traad: list[Callable] = field(default_factory=list)
    neste_aar: list[Callable] = field(default_factory=list)
    brevdiff: list[Callable] = field(default_factory=list)
    lasting: list[Callable] = field(default_factory=list)
    demodata: list[Callable] = field(default_factory=list)
    stort_datasett: list[Callable] = field(default_factory=list)


registry = _Registry()


def register_brevinnhold(part):
    registry.brevinnhold[part.key] = part


def register_rod_traad(function):
    """``function(*, maal_ids, user)`` returns {goal id: [Kobling, ...]}."""
    if function not in registry.rod_traad:
        registry.rod_traad.append(function)


def register_neste_aar(function):
    """``function(*, fra, til, maal_kart)`` carries the app's data into next year's letter.

    ``maal_kart`` maps each goal id of the old letter to its copy in the new one.
    """
    if function not in registry.neste_aar:
        registry.neste_aar.append(function)


def register_brevdiff(function):
    """``function(*, fra, til, maal_kart)`` returns a list of ``Forskjell``."""
    if function not in registry.brevdiff:
        registry.brevdiff.append(function)


def register_lasting(function):
    """``function(*, brev, data, maal)`` loads the app's part of a transcribed letter.

    ``data`` is the transcription from ``fixtures/brev``; ``maal`` maps the goal codes
    the letter prints to the loaded goals.
    """
    if function not in registry.lasting:
        registry.lasting.append(function)


def register_demodata(function):
    """``function(*, brukere)`` makes the app's demo data (labelled demo) for ``lag_demodata``.

    ``brukere`` maps the demo usernames to their users. It must be deterministic and
    safe to run again.
    """
    if function not in registry.demodata:
        registry.demodata.append(function)


def register_stort_datasett(function):
    """``function(*, rng, skala, kontekst)`` adds the app's part of the large synthetic
    dataset for ``lag_stort_datasett`` and returns {what: how many} for the summary.

    ``kontekst`` holds what ``styring.stort_datasett`` made (organisations, letters, goals,
    users, the volumes for ``skala``). ``rng`` is the app's own seeded ``random.Random``,
    so the output does not depend on the order the apps run in.
    """
    if function not in registry.stort_datasett:
        registry.stort_datasett.append(function)
