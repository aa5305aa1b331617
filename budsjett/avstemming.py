"""Reconciliation: do the printed totals add up, and does the budget derive to its total?

A letter prints totals and subtotals beside its lines. They are kept as printed and
checked here, never replaced: a printed total that differs from what its lines add up to
is shown with the difference (the Bufdir 2023 letter has several rounding differences).

``summer`` gives, for each row of one column of a table, what the rows above it add up
to. A total takes what is still open for its account group or post (or everything, for a
chapter total), including subtotals already printed; a subtotal (``delsum``) takes only
the open lines. So «Sum kapittel 855» adds the printed «Sum post 01» and «Sum post 22»,
and «Grunntildeling inkl omfordeling» adds only the two lines right above it.
"""

from dataclasses import dataclass

from budsjett.models import Radtype


@dataclass(frozen=True)
class Kontroll:
    """One printed total checked against what it should add up to."""

    tekst: str
    trykt: int
    beregnet: int

    @property
    def differanse(self):
        """Printed minus calculated: 1 when the letter prints one more than the lines."""
        return self.trykt - self.beregnet

    @property
    def stemmer(self):
        return self.differanse == 0


def summer(rader):
    """What each row of a column adds up to.

    ``rader`` is the column's rows in the letter's order as (radtype, gruppe, beløp), where
    ``gruppe`` is the account group or post (None: the whole chapter). Returns a list with,
    for each total or subtotal, the sum of the rows it covers, and None for a line.
    """
    open_rows = []  # (gruppe, amount, is_line)
    result = []
    for radtype, gruppe, belop in rader:
        if radtype == Radtype.LINJE:
            open_rows.append((gruppe, belop, True))
            result.append(None)
            continue
        taken, kept = [], []
        for row in open_rows:
            matches = gruppe is None or row[0] == gruppe
            if matches and (radtype == Radtype.SUM or row[2]):
                taken.append(row)
            else:
                kept.append(row)
        result.append(sum(row[1] for row in taken))
        open_rows = kept + [(gruppe, belop, False)]
    return result


@dataclass(frozen=True)
class Aarsavstemming:
    """The adopted net budget of one year, reached two ways.

    ``kontogrupper`` is what the account-group table's lines add up to and ``trykt_sum``
    its printed total; ``avledet`` is what the derivation adds up to (carried-forward
    budget + earlier decisions + changes) and ``trykt_vedtatt`` the adopted net budget it
    prints.
    """

    aar: int
    kontogrupper: int | None
    trykt_sum: int | None
    avledet: int | None
    trykt_vedtatt: int | None

    @property
    def verdier(self):
        return [
            v
            for v in (self.kontogrupper, self.trykt_sum, self.avledet, self.trykt_vedtatt)
            if v is not None
        ]

    @property
    def stemmer(self):
        values = self.verdier
        return len(values) >= 2 and len(set(values)) == 1

    @property
    def differanse(self):
        values = self.verdier
        return max(values) - min(values) if values else 0


def avstem_aar(*, linjer, endringer):
    """Reconcile a chapter's operating table with its derivation, year by year.

    ``linjer`` are the chapter's operating-table rows (Budsjettlinje) for one organisation,
    ``endringer`` the rows of its derivation table (Budsjettendring with ``aarsbelop``
    prefetched). Returns an ``Aarsavstemming`` per year, in order.
    """
    years = sorted({line.aar for line in linjer} | _years(endringer))
    result = []
    for year in years:
        lines = [x for x in linjer if x.aar == year]
        line_sum = sum(x.belop for x in lines if x.radtype == Radtype.LINJE) if lines else None
        printed = [x.belop for x in lines if x.radtype == Radtype.SUM and x.konto_id is None]
        derived, adopted = None, None
        for endring in endringer:
            for amount in endring.aarsbelop.all():
                if amount.aar != year:
                    continue
                if endring.radtype == Radtype.LINJE:
                    derived = (derived or 0) + amount.belop
                elif endring.radtype == Radtype.SUM:
                    adopted = amount.belop
        result.append(
            Aarsavstemming(
                aar=year,
                kontogrupper=line_sum,
                trykt_sum=printed[-1] if printed else None,
                avledet=derived,
                trykt_vedtatt=adopted,
            )
        )
    return result


def _years(endringer):
    return {amount.aar for endring in endringer for amount in endring.aarsbelop.all()}
