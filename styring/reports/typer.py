"""The kinds of report and the parts of the tertial report, and what they return.

``styring`` renders, archives and sends reports but knows nothing of their content. An
app registers a whole report type (``indikatorer`` the monthly bistandsplikt and belegg
reports) in ``styring.registries.rapporttyper``, or a part of the tertial report
(indicators, assignments, budget, risk) in ``styring.registries.tertialdeler``.

Each ``hent`` function takes keyword arguments only and returns ``Innhold``:

    hent(*, virksomhet, periode_fra, periode_til, user)

``user`` is None when a scheduled job produces the report: the content is then what the
organisation's owner (the steering department) may see. When a user is given, every
query starts from that user's scope (``Model.objects.for_user(user)``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from styring.perioder import Frekvens


@dataclass
class Tabell:
    """A table of a report, for the PDF (through the template) and for the Excel file."""

    tittel: str
    kolonner: list[str]
    rader: list[list] = field(default_factory=list)


@dataclass
class Innhold:
    """What a report type or a tertial part puts in a report.

    ``context`` goes to the part's template. ``tabeller`` become sheets of the Excel
    file. ``har_data`` False means there is nothing to report (such a report is archived
    but not e-mailed). ``datagrunnlag`` says what the numbers rest on, for the report's
    «data as of» block: e.g. {"mangler": ["Bydel Alna"], "godkjent": 14, "levert": 1}.
    """

    context: dict = field(default_factory=dict)
    tabeller: list[Tabell] = field(default_factory=list)
    har_data: bool = True
    datagrunnlag: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rapporttype:
    """A kind of report: produced per organisation and period.

    ``frekvens`` is a ``styring.perioder.Frekvens`` (monthly or per tertial: the ones
    ``RAPPORT_DAGER_ETTER_PERIODE`` has a delay for). ``gjelder(virksomhet)`` says for which
    organisations the type is produced (the monthly reports for the steering department
    of BFE, say); a type whose answer needs the database also gives
    ``gjelder_hvilke(virksomheter)``, the ids of those it is produced for in one query,
    so lists of organisations do not ask once per row. ``template_name`` is the body of
    the report; it extends ``styring/rapporter/dokument.html``.
    """

    kode: str
    navn: str
    frekvens: Frekvens
    template_name: str
    hent: Callable[..., Innhold]
    gjelder: Callable[..., bool]
    gjelder_hvilke: Callable[..., set] | None = None

    def gjelder_for(self, virksomheter):
        """The ids of those of ``virksomheter`` the type is produced for."""
        if self.gjelder_hvilke is not None:
            return self.gjelder_hvilke(virksomheter)
        return {v.pk for v in virksomheter if self.gjelder(v)}


@dataclass(frozen=True)
class Tertialdel:
    """A part of the tertial report of an agency, in ``rekkefolge`` order."""

    kode: str
    navn: str
    rekkefolge: int
    template_name: str
    hent: Callable[..., Innhold]
