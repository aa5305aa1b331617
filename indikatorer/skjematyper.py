"""The rows each kind of obligation asks for, how its values are checked, what is computed.

A generic obligation gets its rows from its breakdown and checks each value by its
field's unit and limits. Belegg and bistandsplikt add the rules the letters and the
state set (bed-days within places × days, breaches within requests, an explanation for
every breach, no national identity numbers in free text).
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indikatorer.models.rapportering import Institusjon, Skjema, Skjemafelt
from styring.models import Virksomhet
from styring.perioder import dager_i_maaned
from styring.personvern import CONTAINS_ID_NUMBER, finn_fodselsnummer

PLASSERINGSTYPER = [
    ("akutt", "Akutt"),
    ("omsorg", "Omsorg"),
    ("behandling", "Behandling"),
    ("fosterhjem", "Fosterhjem"),
    ("beredskapshjem", "Beredskapshjem"),
    ("annet", "Annet"),
]


@dataclass
class Rad:
    """One row of a submission: its key in ``Verdi.rad``, its label, and facts for it."""

    nokkel: str
    navn: str
    fakta: dict = field(default_factory=dict)


@dataclass
class Resultat:
    """Parsed values by (field code, row key), errors by the same key, computed values."""

    verdier: dict = field(default_factory=dict)
    feil: dict = field(default_factory=dict)
    beregnet: dict = field(default_factory=dict)

    def legg_til_feil(self, felt, rad, melding):
        self.feil.setdefault((felt, rad), []).append(melding)


def tolk_verdi(felt, raw):
    """(value, error) for one entered value, by the field's unit; empty gives (None, None)."""
    text = ("" if raw is None else str(raw)).strip()
    if text == "":
        return None, None
    if felt.enhet == Skjemafelt.Enhet.TEKST:
        if finn_fodselsnummer(text):
            return None, str(CONTAINS_ID_NUMBER)
        return text, None
    if felt.enhet == Skjemafelt.Enhet.JA_NEI:
        lowered = text.lower()
        if lowered in ("ja", "nei"):
            return lowered, None
        return None, _("Answer «ja» or «nei».")
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None, _("Enter a number.")
    if not number.is_finite():
        return None, _("Enter a number.")
    if felt.enhet == Skjemafelt.Enhet.HELTALL and number != number.to_integral_value():
        return None, _("Enter a whole number.")
    lowest = felt.minimum if felt.minimum is not None else Decimal(0)
    if number < lowest:
        return None, _("The value cannot be below %(limit)s.") % {"limit": _fmt(lowest)}
    highest = felt.maksimum
    if highest is None and felt.enhet == Skjemafelt.Enhet.PROSENT:
        highest = Decimal(100)
    if highest is not None and number > highest:
        return None, _("The value cannot be above %(limit)s.") % {"limit": _fmt(highest)}
    return number, None


def _fmt(number):
    return number_format(number.normalize() if isinstance(number, Decimal) else number)


class Generisk:
    """Rows from the obligation's breakdown; values checked by unit and limits."""

    def rader(self, innsending):
        skjema = innsending.skjema
        if skjema.inndeling == Skjema.Inndeling.INSTITUSJON:
            return self._institusjoner(innsending)
        if skjema.inndeling == Skjema.Inndeling.BYDEL:
            return [Rad(b.kode, b.navn) for b in _bydeler(innsending.virksomhet)]
        if skjema.inndeling == Skjema.Inndeling.KATEGORI:
            return [Rad(str(k), str(k)) for k in skjema.kategorier]
        return [Rad("", innsending.virksomhet.navn)]

    def _institusjoner(self, innsending):
        institutions = Institusjon.objects.filter(
            virksomhet=innsending.virksomhet
        ).prefetch_related("kapasiteter")
        rows = []
        for institution in institutions:
            places = institution.plasser_paa(innsending.periode_til)
            if places is None:
                continue  # not in operation in this period
            rows.append(
                Rad(
                    str(institution.pk),
                    institution.navn,
                    {"institusjon": institution, "plasser": places},
                )
            )
        return rows

    def felt(self, innsending):
        return list(innsending.skjema.felt.all())

    def kontroller(self, innsending, raw, *, fullstendig=False):
        """Check every value in ``raw`` ({(field code, row key): text}); all or nothing."""
        result = Resultat()
        fields = self.felt(innsending)
        for row in self.rader(innsending):
            for felt in fields:
                value, error = tolk_verdi(felt, raw.get((felt.kode, row.nokkel)))
                if error:
                    result.legg_til_feil(felt.kode, row.nokkel, error)
                elif value is None and fullstendig and felt.paakrevd:
                    result.legg_til_feil(felt.kode, row.nokkel, _("This field is required."))
                result.verdier[(felt.kode, row.nokkel)] = value
            self.regler(innsending, row, result)
        return result

    def regler(self, innsending, row, result):
        """Rules across the fields of one row (none for a generic obligation)."""

    def indikatorverdi(self, felt, verdier):
        """What ``verdier`` (approved values of any field) say about ``felt``'s indicator:
        a sum of counts, an average of percentages; None without numbers."""
        numbers = [v.tall for v in verdier if v.felt_id == felt.pk and v.tall is not None]
        if not numbers:
            return None
        if felt.enhet == Skjemafelt.Enhet.PROSENT:
            return (sum(numbers) / len(numbers)).quantize(Decimal("0.1"))
        if felt.enhet in (Skjemafelt.Enhet.HELTALL, Skjemafelt.Enhet.DESIMAL):
            return sum(numbers)
        return None


def beleggsprosent(*, liggedogn, plassdogn):
    """Occupancy in per cent to one decimal: occupied bed-days / available bed-days
    (budgeted places × days). The one computation the form, the reports and the
    dashboards share; None without places or bed-days."""
    if liggedogn is None or not plassdogn:
        return None
    return (Decimal(liggedogn) / Decimal(plassdogn) * 100).quantize(Decimal("0.1"))


def under_terskel(belegg, institusjonstype):
    """Whether ``belegg`` (per cent) is below the minimum for the kind of institution."""
    return belegg < Institusjon.TERSKEL[institusjonstype]


class Belegg(Generisk):
    """Occupancy per institution: bed-days within budgeted places × days in the month."""

    def rader(self, innsending):
        return self._institusjoner(innsending)

    def regler(self, innsending, row, result):
        days = dager_i_maaned(innsending.periode_fra)
        places = row.fakta["plasser"]
        bed_days = result.verdier.get(("liggedogn", row.nokkel))
        limit = places * days
        if bed_days is not None and bed_days > limit:
            result.legg_til_feil(
                "liggedogn",
                row.nokkel,
                _(
                    "Bed-days cannot exceed places × days in the month: "
                    "%(places)s × %(days)s = %(limit)s."
                )
                % {"places": places, "days": days, "limit": limit},
            )
        elif bed_days is not None and limit:
            occupancy = beleggsprosent(liggedogn=bed_days, plassdogn=limit)
            kind = row.fakta["institusjon"].type
            result.beregnet[row.nokkel] = {
                "belegg": occupancy,
                "terskel": Institusjon.TERSKEL[kind],
                "under_terskel": under_terskel(occupancy, kind),
            }


class Bistandsplikt(Generisk):
    """Requests and breaches per requesting district and placement type."""

    def rader(self, innsending):
        rows = []
        for district in _bydeler(innsending.virksomhet):
            for key, label in PLASSERINGSTYPER:
                rows.append(
                    Rad(f"{district.kode}|{key}", f"{district.navn} – {label}", {"type": key})
                )
        return rows

    def regler(self, innsending, row, result):
        def get(code):
            return result.verdier.get((code, row.nokkel))

        requests, breaches = get("foresporsler"), get("brudd")
        if breaches is not None and requests is not None and breaches > requests:
            result.legg_til_feil(
                "brudd", row.nokkel, _("Breaches cannot exceed the number of requests.")
            )
        if breaches and not get("forklaring"):
            result.legg_til_feil(
                "forklaring", row.nokkel, _("Explain every breach (what happened, and why).")
            )
        within = get("innen_2_timer")
        if within is not None:
            if row.fakta["type"] != "akutt":
                result.legg_til_feil(
                    "innen_2_timer", row.nokkel, _("Only acute requests are counted here.")
                )
            elif requests is not None and within > requests:
                result.legg_til_feil(
                    "innen_2_timer",
                    row.nokkel,
                    _("Cannot exceed the number of acute requests."),
                )

    def indikatorverdi(self, felt, verdier):
        """Acute requests met within 2 hours are a share of the acute requests."""
        if felt.kode != "innen_2_timer":
            return super().indikatorverdi(felt, verdier)
        acute = [v for v in verdier if v.rad.endswith("|akutt") and v.tall is not None]
        requests = sum(v.tall for v in acute if v.felt.kode == "foresporsler")
        within = sum(v.tall for v in acute if v.felt_id == felt.pk)
        if not requests:
            return None
        return (Decimal(within) / Decimal(requests) * 100).quantize(Decimal("0.1"))


def _bydeler(virksomhet):
    """The districts a report covers: the district itself, or all of them for an agency."""
    if virksomhet.type == Virksomhet.Type.BYDEL:
        return [virksomhet]
    return list(Virksomhet.objects.filter(type=Virksomhet.Type.BYDEL).order_by("navn"))


TYPER = {
    Skjema.Type.GENERISK: Generisk(),
    Skjema.Type.BELEGG: Belegg(),
    Skjema.Type.BISTANDSPLIKT: Bistandsplikt(),
}


def for_skjema(skjema):
    return TYPER[skjema.type]
