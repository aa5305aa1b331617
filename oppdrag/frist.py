"""The typed deadline (Frist) of an assignment, and the parser for the letters' deadline texts.

Allocation letters write deadlines as free text: "31.03.26", "2.kvartal 2026", "Årlig",
"Andre tertial og årsrapport", "Ikke fastsatt enda". :func:`tolk_frist` reads such a text
into a :class:`Frist`. It never guesses and never raises: a text it cannot read with
confidence becomes ``Type.UKJENT``, keeping the text, so a person resolves it.

The parser is an ordered list of rules (``_REGLER``); each rule reads one concept and
returns a ``Frist`` or ``None``. Dates and periods share one expression reader
(``_tolk_uttrykk``), itself an ordered list of readers, which milestones reuse per part.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from oppdrag.helligdager import er_virkedag, neste_virkedag
from styring.perioder import Frekvens, legg_til_maaneder, maanedsslutt, periode_i_aar

# Longer texts are not deadlines; reading them is not attempted (and cannot be slow).
MAKS_LENGDE = 500


class Type(StrEnum):
    DATO = "dato"
    PERIODE = "periode"
    GJENTAKENDE = "gjentakende"
    MILEPAELER = "milepaeler"
    IKKE_SATT = "ikke_satt"
    UKJENT = "ukjent"


class Gjentakelse(StrEnum):
    """How often a recurring deadline recurs (the ``gjentakelse`` of a ``Frist``)."""

    AARLIG = "aarlig"
    ANNET_HVERT_AAR = "annet_hvert_aar"
    HALVAARLIG = "halvaarlig"
    TERTIAL = "tertial"
    KVARTALSVIS = "kvartalsvis"
    MAANEDLIG = "maanedlig"
    JEVNLIG = "jevnlig"
    LOPENDE = "lopende"


# Months between two due dates; "jevnlig" and "løpende" have no fixed rhythm.
_INTERVALL_MAANEDER = {
    Gjentakelse.AARLIG: 12,
    Gjentakelse.ANNET_HVERT_AAR: 24,
    Gjentakelse.HALVAARLIG: 6,
    Gjentakelse.TERTIAL: 4,
    Gjentakelse.KVARTALSVIS: 3,
    Gjentakelse.MAANEDLIG: 1,
}


@dataclass(frozen=True)
class Milepael:
    """One dated step of a deadline with several steps."""

    navn: str
    dato: date
    forelopig: bool = False

    def som_dict(self) -> dict[str, Any]:
        return {"navn": self.navn, "dato": self.dato.isoformat(), "forelopig": self.forelopig}

    @classmethod
    def fra_dict(cls, data: Mapping[str, Any]) -> "Milepael":
        return cls(
            navn=data["navn"],
            dato=_fra_iso(data["dato"]),
            forelopig=bool(data.get("forelopig", False)),
        )


@dataclass(frozen=True)
class Frist:
    """A deadline as written in the letter (``tekst``) and as understood (the rest).

    ``dato`` is the binding date: the date itself, the last day of a period, or the
    final milestone's date. Recurring deadlines have no ``dato``; see ``neste_forfall``.
    """

    tekst: str
    type: Type
    dato: date | None = None
    forelopig: bool = False
    gjentakelse: str | None = None
    milepaeler: tuple[Milepael, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "type", Type(self.type))
        object.__setattr__(self, "milepaeler", tuple(self.milepaeler))

    @property
    def faller_paa_fridag(self) -> bool:
        """Whether the date falls on a weekend day or a public holiday."""
        return self.dato is not None and not er_virkedag(self.dato)

    @property
    def virkedag(self) -> date | None:
        """The first working day on or after the date, or None without a date."""
        return neste_virkedag(self.dato) if self.dato is not None else None

    def neste_forfall(self, *, siste_levering: date | None, aar: int) -> date | None:
        """The next due date.

        Recurring: one interval after the last delivery; with no delivery yet, the end
        of the letter year ``aar`` for yearly rhythms and the end of the first period of
        ``aar`` for shorter ones. "Jevnlig" and "løpende" have no due date. Any other
        type: the date (None when there is none).
        """
        if self.type != Type.GJENTAKENDE:
            return self.dato
        maaneder = _INTERVALL_MAANEDER.get(self.gjentakelse)
        if maaneder is None:
            return None
        if siste_levering is not None:
            return legg_til_maaneder(siste_levering, maaneder)
        return maanedsslutt(date(aar, min(maaneder, 12), 1))

    def som_dict(self) -> dict[str, Any]:
        """The JSON shape of a deadline (stored on the assignment, printed by the command)."""
        return {
            "tekst": self.tekst,
            "type": self.type.value,
            "dato": self.dato.isoformat() if self.dato is not None else None,
            "forelopig": self.forelopig,
            "gjentakelse": str(self.gjentakelse) if self.gjentakelse else None,
            "milepaeler": [milepael.som_dict() for milepael in self.milepaeler],
        }

    @classmethod
    def fra_dict(cls, data: Mapping[str, Any]) -> "Frist":
        return cls(
            tekst=data.get("tekst") or "",
            type=Type(data.get("type") or Type.UKJENT),
            dato=_fra_iso(data.get("dato")),
            forelopig=bool(data.get("forelopig", False)),
            gjentakelse=data.get("gjentakelse") or None,
            milepaeler=tuple(Milepael.fra_dict(m) for m in data.get("milepaeler") or ()),
        )


def tolk_frist(tekst: str | None, *, aar: int) -> Frist:
    """Read a deadline text; ``aar`` (the letter's year) completes texts without a year.

    Never raises. Empty, too long or unreadable text gives ``Type.UKJENT``.
    """
    original = "" if tekst is None else str(tekst)
    ukjent = Frist(tekst=original, type=Type.UKJENT)
    if len(original) > MAKS_LENGDE:
        return ukjent
    linjer = _normaliserte_linjer(original)
    if not linjer:
        return ukjent
    kontekst = _Kontekst(original, linjer, " ".join(linjer), aar)
    for regel in _REGLER:
        try:
            frist = regel(kontekst)
        except (ValueError, OverflowError):
            # Only for years `date` cannot hold (e.g. aar=0); no text is worth an error.
            return ukjent
        if frist is not None:
            return frist
    return ukjent


# --- Normalisation ----------------------------------------------------------------------

_USYNLIG = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BINDESTREK = re.compile("[\u2010\u2011]")
# Every whitespace but the line break (this includes non-breaking and thin spaces).
_MELLOMROM = re.compile(r"[^\S\n]+")


def _normaliserte_linjer(tekst: str) -> tuple[str, ...]:
    """Non-empty lines, single-spaced, without trailing dots or commas."""
    tekst = _BINDESTREK.sub("-", _USYNLIG.sub("", tekst))
    tekst = _MELLOMROM.sub(" ", tekst)
    linjer = (linje.strip().rstrip(" .,;") for linje in tekst.split("\n"))
    return tuple(linje for linje in linjer if linje)


class _Kontekst(NamedTuple):
    tekst: str  # the original text, returned unchanged
    linjer: tuple[str, ...]  # normalised, non-empty lines
    flat: str  # the lines joined by a space
    aar: int  # the letter's year


# --- Rule: not set ----------------------------------------------------------------------

_IKKE_SATT = re.compile(
    r"(?:(?:foreløpig|ennå|enda) )?ikke (?:fastsatt|satt|bestemt|avklart)(?: (?:enda|ennå))?"
    r"|etter (?:nærmere )?avtale"
    r"|avklares(?: senere| nærmere)?"
    r"|[-–—]{1,3}",
    re.IGNORECASE,
)


def _regel_ikke_satt(k: _Kontekst) -> Frist | None:
    if _IKKE_SATT.fullmatch(k.flat):
        return Frist(tekst=k.tekst, type=Type.IKKE_SATT)
    return None


# --- Rule: recurring --------------------------------------------------------------------

_GJENTAKELSER = (
    # Reported in every tertial report and in the annual report.
    (
        Gjentakelse.TERTIAL,
        r"(?:løpende[,.]? )?(?:(?:oppsummert |rapporteres |rapportert )?i )?"
        r"(?:tertial- og årsrapport(?:en|ene|er|ering(?:en)?)?"
        r"|tertialrapport(?:ene|ering(?:en)?)?|tertialvis|hver(?:t)? tertial)",
    ),
    (
        Gjentakelse.ANNET_HVERT_AAR,
        # "Oftere v/behov" (more often when needed) does not change the rhythm.
        r"(?:annet ?hvert|hvert (?:annet|andre)) år(?:\. oftere (?:v/ ?|ved )behov)?",
    ),
    (Gjentakelse.AARLIG, r"årlig|hvert år|(?:en|én) gang (?:i|per|pr\.?) år(?:et)?"),
    (Gjentakelse.HALVAARLIG, r"halvårlig|hvert halvår|to ganger (?:i|per) året"),
    (Gjentakelse.KVARTALSVIS, r"kvartalsvis|hvert kvartal"),
    (
        Gjentakelse.MAANEDLIG,
        r"månedlig|månedsvis|hver måned|(?:en|én) gang (?:i|per|pr\.?) måned(?:en)?",
    ),
    (Gjentakelse.JEVNLIG, r"jevnlig"),
    (Gjentakelse.LOPENDE, r"(?:fort)?løpende"),
)
_GJENTAKELSER_RE = tuple(
    (re.compile(regex, re.IGNORECASE), gjentakelse) for gjentakelse, regex in _GJENTAKELSER
)


def _regel_gjentakende(k: _Kontekst) -> Frist | None:
    for regex, gjentakelse in _GJENTAKELSER_RE:
        if regex.fullmatch(k.flat):
            return Frist(tekst=k.tekst, type=Type.GJENTAKENDE, gjentakelse=gjentakelse.value)
    return None


# --- Rule: one date or period -----------------------------------------------------------


class _Tolkning(NamedTuple):
    """A date or period expression read from (part of) the text."""

    type: Type  # DATO or PERIODE
    dato: date
    forelopig: bool = False
    rapportpunkt: str | None = None  # a reporting point's name ("1. tertial", "Årsrapport")


def _regel_dato_eller_periode(k: _Kontekst) -> Frist | None:
    tolkning = _tolk_uttrykk(k.flat, k.aar)
    if tolkning is None:
        return None
    return Frist(
        tekst=k.tekst, type=tolkning.type, dato=tolkning.dato, forelopig=tolkning.forelopig
    )


# Words that make a date tentative ("ca." also without its dot).
_FORBEHOLD = re.compile(
    r"(?<!\w)(?:tentativt?|foreløpig|cirka|planlagt|ca\.?)(?!\w)", re.IGNORECASE
)
_TOMME_PARENTESER = re.compile(r"\( ?\)")
# Leading words that do not change the date: "frist 31.03.2026", "innen 1. mars",
# "i løpet av mai", "Status 1. tertial", "oppsummert i årsrapport".
_PREFIKS = re.compile(
    r"(?P<ord>frist|senest|innen utgangen av|ved utgangen av|utgangen av|i løpet av|innen"
    r"|satt til|pr\.?|per|status|(?:oppsummert|rapporteres|rapportert) i|i) ?:? ",
    re.IGNORECASE,
)


def _tolk_uttrykk(uttrykk: str, aar: int) -> _Tolkning | None:
    """One date or period, with optional hedge words and leading words."""
    uttrykk, antall = _FORBEHOLD.subn("", uttrykk)
    uttrykk = " ".join(_TOMME_PARENTESER.sub("", uttrykk).split()).rstrip(" .,")
    prefikser = []
    for _ in range(4):
        treff = _PREFIKS.match(uttrykk)
        if treff is None:
            break
        prefikser.append(treff["ord"].lower())
        uttrykk = uttrykk[treff.end() :]
    for les in _UTTRYKK:
        tolkning = les(uttrykk, aar, prefikser)
        if tolkning is not None:
            return tolkning._replace(forelopig=tolkning.forelopig or antall > 0)
    return None


_MAANEDER = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4,
    "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "desember": 12, "des": 12,
}  # fmt: skip
_MND = "|".join(sorted(_MAANEDER, key=len, reverse=True))
_UKEDAGER = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_UKEDAG = rf"(?:(?P<ukedag>{'|'.join(_UKEDAGER)}),? )?"
_ORDENSTALL = {"første": 1, "andre": 2, "tredje": 3, "fjerde": 4}
_AARSTALL = r"(?: ?(?P<aar>[0-9]{4}))?"

_ISO_DATO = re.compile(r"(?P<aar>[0-9]{4})-(?P<mnd>[0-9]{2})-(?P<dag>[0-9]{2})")
# 31.03.26, 20.01.2026, 15. 09.2026, 31.12. 2025, 1.6.2026, 01.06
_NUMERISK_DATO = re.compile(
    rf"{_UKEDAG}(?P<dag>[0-9]{{1,2}})\. ?(?P<mnd>[0-9]{{1,2}})"
    r"(?:\. ?(?P<aar>[0-9]{4}|[0-9]{2}))?",
    re.IGNORECASE,
)
# 15. mai 2023, 31. januar 2024, 1. mars, Fredag 17.mars
_DATO_MED_MAANEDSNAVN = re.compile(
    rf"{_UKEDAG}(?P<dag>[0-9]{{1,2}})\.? ?(?P<mnd>{_MND})\.?{_AARSTALL}", re.IGNORECASE
)
_AARSRAPPORT = re.compile(
    rf"(?:årsrapport(?:en|ering(?:en)?)?|årsberetning(?:en)?){_AARSTALL}", re.IGNORECASE
)
_TERTIAL = re.compile(
    rf"(?:(?P<nr>[1-3])\.? ?|(?P<ord>første|andre|tredje) )tertial(?:rapport(?:en)?)?{_AARSTALL}",
    re.IGNORECASE,
)
_KVARTAL = re.compile(
    rf"(?:(?:(?P<nr>[1-4])\.? ?|(?P<ord>første|andre|tredje|fjerde) )kvartal|q(?P<q>[1-4]) ?-?)"
    rf"{_AARSTALL}",
    re.IGNORECASE,
)
_HALVAAR = re.compile(
    rf"(?:(?P<nr>[12])\.? ?|(?P<ord>første|andre) )halvår(?:et)?{_AARSTALL}", re.IGNORECASE
)
# september/oktober 2026, september/oktober2026
_MAANEDSSPENN = re.compile(
    rf"(?P<fra>{_MND})\.? ?[/–-] ?(?P<til>{_MND})\.?{_AARSTALL}", re.IGNORECASE
)
_MAANED = re.compile(rf"(?P<mnd>{_MND})\.?{_AARSTALL}", re.IGNORECASE)
_SESONG = re.compile(
    rf"(?P<sesong>våren|vår|sommeren|sommer|høsten|høst|vinteren|vinter){_AARSTALL}",
    re.IGNORECASE,
)
_AAR_ALENE = re.compile(r"(?P<aar>[0-9]{4})")


def _les_iso_dato(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    treff = _ISO_DATO.fullmatch(uttrykk)
    if treff is None:
        return None
    return _dato_tolkning(int(treff["aar"]), int(treff["mnd"]), int(treff["dag"]))


def _les_dato(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    treff = _NUMERISK_DATO.fullmatch(uttrykk)
    if treff is not None:
        maaned = int(treff["mnd"])
    else:
        treff = _DATO_MED_MAANEDSNAVN.fullmatch(uttrykk)
        if treff is None:
            return None
        maaned = _MAANEDER[treff["mnd"].lower()]
    tolkning = _dato_tolkning(_aarstall(treff["aar"], aar), maaned, int(treff["dag"]))
    ukedag = treff["ukedag"]
    if tolkning is not None and ukedag and _UKEDAGER[tolkning.dato.weekday()] != ukedag.lower():
        return None  # "Mandag 14. mars" when 14 March is no Monday: which one is wrong?
    return tolkning


def _les_aarsrapport(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    """The reporting point "in the annual report": the end of the letter year."""
    treff = _AARSRAPPORT.fullmatch(uttrykk)
    if treff is None:
        return None
    return _periode(
        prefikser, _aarstall(treff["aar"], aar), Frekvens.AAR, 1, "Årsrapport", treff["aar"]
    )


def _les_tertial(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    """Tertials: T1 January-April, T2 May-August, T3 September-December."""
    treff = _TERTIAL.fullmatch(uttrykk)
    if treff is None:
        return None
    nr = _nummer(treff)
    return _periode(
        prefikser,
        _aarstall(treff["aar"], aar),
        Frekvens.TERTIAL,
        nr,
        f"{nr}. tertial",
        treff["aar"],
    )


def _les_kvartal(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    treff = _KVARTAL.fullmatch(uttrykk)
    if treff is None:
        return None
    nr = int(treff["q"]) if treff["q"] else _nummer(treff)
    return _periode(
        prefikser,
        _aarstall(treff["aar"], aar),
        Frekvens.KVARTAL,
        nr,
        f"{nr}. kvartal",
        treff["aar"],
    )


def _les_halvaar(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    treff = _HALVAAR.fullmatch(uttrykk)
    if treff is None:
        return None
    nr = _nummer(treff)
    return _periode(
        prefikser, _aarstall(treff["aar"], aar), Frekvens.HALVAAR, nr, f"{nr}. halvår", treff["aar"]
    )


def _les_maanedsspenn(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    """A range of months ("september/oktober 2026"): tentative, ends with the later month."""
    treff = _MAANEDSSPENN.fullmatch(uttrykk)
    if treff is None:
        return None
    fra, til = _MAANEDER[treff["fra"].lower()], _MAANEDER[treff["til"].lower()]
    if til <= fra:
        return None  # "desember/januar": which year is meant is not said
    tolkning = _periode(prefikser, _aarstall(treff["aar"], aar), Frekvens.MAANED, til)
    return tolkning._replace(forelopig=True) if tolkning else None


def _les_maaned(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    treff = _MAANED.fullmatch(uttrykk)
    if treff is None:
        return None
    return _periode(
        prefikser, _aarstall(treff["aar"], aar), Frekvens.MAANED, _MAANEDER[treff["mnd"].lower()]
    )


# Spring ends with June (the half-year), summer with August, autumn with the year.
# Winter is not read: "vinteren 2026" may be January-February 2026 or the winter that
# starts in December 2026. "Årsskiftet" (the turn of the year) is likewise not read: the
# last days of the year or the first of the next. Both give UKJENT.
_SESONGSLUTT = {"vår": 6, "våren": 6, "sommer": 8, "sommeren": 8, "høst": 12, "høsten": 12}


def _les_sesong(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    treff = _SESONG.fullmatch(uttrykk)
    if treff is None:
        return None
    maaned = _SESONGSLUTT.get(treff["sesong"].lower())
    if maaned is None:
        return None
    return _periode(prefikser, _aarstall(treff["aar"], aar), Frekvens.MAANED, maaned)


def _les_aar(uttrykk: str, aar: int, prefikser: list[str]) -> _Tolkning | None:
    """A whole year ("i løpet av 2026"), only with words saying so: a bare number is no date."""
    treff = _AAR_ALENE.fullmatch(uttrykk)
    helt_aar = {"i", "i løpet av", "innen utgangen av", "ved utgangen av", "utgangen av"}
    if treff is None or not helt_aar.intersection(prefikser):
        return None
    return _periode(prefikser, int(treff["aar"]), Frekvens.AAR, 1)


_UTTRYKK: tuple[Callable[[str, int, list[str]], _Tolkning | None], ...] = (
    _les_iso_dato,
    _les_dato,
    _les_aarsrapport,
    _les_tertial,
    _les_kvartal,
    _les_halvaar,
    _les_maanedsspenn,
    _les_maaned,
    _les_sesong,
    _les_aar,
)


def _dato_tolkning(aar: int, maaned: int, dag: int) -> _Tolkning | None:
    try:
        return _Tolkning(Type.DATO, date(aar, maaned, dag))
    except ValueError:
        return None  # 31.02.2026 is no date


def _periode(
    prefikser: list[str],
    aar: int,
    frekvens: Frekvens,
    nummer: int,
    navn: str | None = None,
    eksplisitt_aar: str | None = None,
) -> _Tolkning | None:
    """Period ``nummer`` of ``frekvens`` in ``aar`` (the 2nd tertial), dated at its last day."""
    if "innen" in prefikser:
        # "innen mars" / "innen 2. kvartal": before the period starts or by its end? Unsaid.
        return None
    if navn and eksplisitt_aar:
        navn = f"{navn} {eksplisitt_aar}"
    _fra, til = periode_i_aar(aar=aar, nummer=nummer, frekvens=frekvens)
    return _Tolkning(Type.PERIODE, til, rapportpunkt=navn)


def _nummer(treff: re.Match) -> int:
    return int(treff["nr"]) if treff["nr"] else _ORDENSTALL[treff["ord"].lower()]


def _aarstall(verdi: str | None, aar: int) -> int:
    """The year written (two digits are 20yy), or the letter's year when none is."""
    if verdi is None:
        return aar
    return 2000 + int(verdi) if len(verdi) == 2 else int(verdi)


# --- Rule: milestones -------------------------------------------------------------------

# "Løypemelding 01.06.2026": a named step with its date.
_ETIKETT = re.compile(
    r"(?P<navn>løypemelding|statusrapport|delrapport|sluttrapport|rapport|utkast|oppstart"
    r"|ferdigstilling|leveranse) ?:? (?P<uttrykk>.+)",
    re.IGNORECASE,
)
# "Frist for gjennomføring av anskaffelsen er tentativt satt til september/oktober2026"
_FRIST_FOR = re.compile(
    r"frist for (?P<navn>[^0-9:]{2,120}?)(?: er|:) (?P<uttrykk>.+)", re.IGNORECASE
)
# Parts on one line: "Andre tertial og årsrapport", "Status 1. tertial, oppsummert i årsrapport"
_DELESTED = re.compile(r" ?[,;] ?| og ", re.IGNORECASE)


def _regel_milepaeler(k: _Kontekst) -> Frist | None:
    """Several dated steps, one a line or joined by "og" or commas; every one must read."""
    deler: list[tuple[str, _Tolkning]] = []
    for linje in k.linjer:
        del_ = _tolk_del(linje, k.aar)
        if del_ is not None:
            deler.append(del_)
            continue
        biter = _DELESTED.split(linje)
        if len(biter) < 2:
            return None
        for bit in biter:
            del_ = _tolk_del(bit, k.aar)
            if del_ is None:
                return None
            deler.append(del_)
    if len(deler) == 1:
        # One named step ("Løypemelding 01.06.2026") is simply the deadline.
        tolkning = deler[0][1]
        return Frist(k.tekst, tolkning.type, tolkning.dato, tolkning.forelopig)
    milepaeler = tuple(Milepael(navn, t.dato, t.forelopig) for navn, t in deler)
    siste = max(reversed(milepaeler), key=lambda milepael: milepael.dato)
    return Frist(
        tekst=k.tekst,
        type=Type.MILEPAELER,
        dato=siste.dato,
        forelopig=siste.forelopig,
        milepaeler=milepaeler,
    )


def _tolk_del(del_: str, aar: int) -> tuple[str, _Tolkning] | None:
    """One step: its name and its date, or None when either is missing."""
    if treff := _FRIST_FOR.fullmatch(del_):
        navn, tolkning = treff["navn"].strip(), _tolk_uttrykk(treff["uttrykk"], aar)
    elif treff := _ETIKETT.fullmatch(del_):
        navn, tolkning = treff["navn"], _tolk_uttrykk(treff["uttrykk"], aar)
    else:
        tolkning = _tolk_uttrykk(del_, aar)
        navn = tolkning.rapportpunkt if tolkning is not None else None
    if tolkning is None or not navn:
        return None
    return navn[0].upper() + navn[1:], tolkning


_REGLER: tuple[Callable[[_Kontekst], Frist | None], ...] = (
    _regel_ikke_satt,
    _regel_gjentakende,
    _regel_dato_eller_periode,
    _regel_milepaeler,
)


# --- Date helpers -----------------------------------------------------------------------


def _fra_iso(verdi: Any) -> date | None:
    if verdi is None or isinstance(verdi, date):
        return verdi
    return date.fromisoformat(verdi)
