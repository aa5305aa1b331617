"""The typed target (Maaltall) of a result indicator, typed results, and goal status.

Allocation letters write targets ("måltall", "resultatkrav") as free text: table cells such
as "100%", "0" and "< 9,1 %", or whole sentences such as "Minimum 80 prosent av budsjetterte
plasser ved inngangen av 2023" and "Færre barn venter på fosterhjem ... enn i 2022".
:func:`tolk_maaltall` reads such a text into a :class:`Maaltall`, :func:`tolk_resultat`
reads a reported value ("93,7 %", "xx", "Ja") into a :class:`Resultat`, and :func:`vurder`
computes whether a result meets its target (:class:`Status`).

Nothing here guesses or raises: a text the parser cannot read with confidence becomes
``Sammenligning.UKJENT``, keeping the text, so a person resolves it.

The parser is an ordered list of rules (``_REGLER``); each rule reads one kind of target and
returns a ``Maaltall`` or ``None``. Numbers are ``Decimal`` and use the decimal comma.

Decisions the rules encode (the test table lists every letter text with its reading):

* A table cell with a bare number ("100%", "0") is an exact target (``LIK``); a share or
  count stated as a requirement in a sentence ("60 prosent av oppgavene ...", "Barna skal
  ha 90 prosent oppmøte", "40 kartlegginger per år") is a floor (``MINST``).
* A number with no unit is ``ANTALL``; the counted noun ("kartlegginger") stays in ``tekst``.
* "Færre/flere/lavere/høyere ... enn i 2022" compares with the result of a baseline year
  (``basisaar``); without a year ("lavere ved utskriving enn innskriving") the baseline is
  whatever the caller passes as ``basis``. "Økt"/"reduksjon i" compare with the previous
  year. "Opprettholdes eller økes" is ``MINST`` with no value of its own: at least the
  baseline. "I henhold til ... budsjetterte dagpris" is ``MAKS`` with no value of its own:
  at most the budget, passed as ``basis``.
* A text with several requirements ("minst tre timer ... minst to timer ...") reads into
  the first one, with the others in ``delkrav``; :func:`vurder` judges one requirement.
* Requirements without a number that ask for an assessment, an account or a quality
  ("Kvalitativ vurdering ...", "Redegjøre for ...", "Alle påpekte lovbrudd ... er rettet",
  "God kvalitet på ...") are ``KVALITATIV``; they are judged by people, not computed.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, NamedTuple

# Longer texts are not targets; reading them is not attempted (and cannot be slow).
MAKS_LENGDE = 2000
# Reported results are short values.
MAKS_LENGDE_RESULTAT = 200


class Sammenligning(StrEnum):
    """How a result is compared with the target."""

    LIK = "lik"  # exactly the value: "0", "100 %"
    MINST = "minst"  # at least (≥): "Minimum 80 prosent"
    MAKS = "maks"  # at most (≤): "skal ikke overstige 20 prosent"
    UNDER = "under"  # strictly below: "< 9,1 %", "lavere enn 7,8 prosent"
    OVER = "over"  # strictly above: "> 5"
    FAERRE_ENN = "faerre_enn"  # fewer than in the baseline year: "Færre barn ... enn i 2022"
    FLERE_ENN = "flere_enn"
    LAVERE_ENN = "lavere_enn"  # lower than the baseline: "Lavere risikonivå ... enn ..."
    HOYERE_ENN = "hoyere_enn"
    OKT = "okt"  # more than the previous year: "Økt bruk av familieråd"
    REDUSERT = "redusert"  # less than the previous year: "en reduksjon i deltidsstillinger"
    KVALITATIV = "kvalitativ"  # judged by people: "Kvalitativ vurdering av ..."
    IKKE_RELEVANT = "ikke_relevant"  # "Ikke relevant"
    UKJENT = "ukjent"  # not read; a person decides


class Enhet(StrEnum):
    PROSENT = "prosent"
    ANTALL = "antall"  # a count, or a number written without a unit
    PER_1000 = "per_1000"
    TIMER = "timer"
    DAGER = "dager"
    UKER = "uker"
    MAANEDER = "maaneder"
    KRONER = "kroner"
    JA_NEI = "ja_nei"  # a target "Ja" has verdi 1, "Nei" verdi 0
    TEKST = "tekst"  # a written assessment (qualitative requirements)


class Status(StrEnum):
    OPPNAADD = "oppnaadd"
    IKKE_OPPNAADD = "ikke_oppnaadd"
    MANGLER_DATA = "mangler_data"
    IKKE_MAALBAR = "ikke_maalbar"


# Comparisons with no computable outcome.
IKKE_MAALBARE = frozenset(
    {Sammenligning.KVALITATIV, Sammenligning.IKKE_RELEVANT, Sammenligning.UKJENT}
)
# Comparisons with the baseline (``basis``) rather than with a value of the target.
_MOT_BASIS_LAVERE = frozenset(
    {Sammenligning.FAERRE_ENN, Sammenligning.LAVERE_ENN, Sammenligning.REDUSERT}
)
_MOT_BASIS_HOYERE = frozenset(
    {Sammenligning.FLERE_ENN, Sammenligning.HOYERE_ENN, Sammenligning.OKT}
)
RELATIVE = _MOT_BASIS_LAVERE | _MOT_BASIS_HOYERE

# Values of ``retning`` (which way is better) accepted by :func:`vurder`.
RETNING_HOY = "hoy"
RETNING_LAV = "lav"
_RETNINGER = {
    "hoy": RETNING_HOY, "høy": RETNING_HOY, "opp": RETNING_HOY, "okende": RETNING_HOY,
    "økende": RETNING_HOY, "lav": RETNING_LAV, "ned": RETNING_LAV, "synkende": RETNING_LAV,
}  # fmt: skip


@dataclass(frozen=True)
class Maaltall:
    """A target as written in the letter (``tekst``) and as understood (the rest).

    ``verdi`` is None for relative and qualitative targets, and for ``MINST``/``MAKS``
    targets whose reference lies outside the letter (then the caller's ``basis`` is the
    reference). ``beskrivelse`` is what the number counts ("av budsjetterte plasser ...").
    ``delkrav`` holds further requirements of the same text, each a ``Maaltall``.
    """

    tekst: str
    sammenligning: Sammenligning
    verdi: Decimal | None = None
    enhet: Enhet | None = None
    basisaar: int | None = None
    beskrivelse: str = ""
    delkrav: tuple["Maaltall", ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "sammenligning", Sammenligning(self.sammenligning))
        if self.enhet is not None:
            object.__setattr__(self, "enhet", Enhet(self.enhet))
        if self.verdi is not None and not isinstance(self.verdi, Decimal):
            object.__setattr__(self, "verdi", Decimal(str(self.verdi)))
        object.__setattr__(self, "delkrav", tuple(self.delkrav))

    @property
    def maalbar(self) -> bool:
        """Whether a status can be computed (not qualitative, irrelevant or unread)."""
        return self.sammenligning not in IKKE_MAALBARE

    def som_dict(self) -> dict[str, Any]:
        """The JSON shape of a target; the value is a string to keep its exact digits."""
        return {
            "tekst": self.tekst,
            "sammenligning": self.sammenligning.value,
            "verdi": str(self.verdi) if self.verdi is not None else None,
            "enhet": self.enhet.value if self.enhet is not None else None,
            "basisaar": self.basisaar,
            "beskrivelse": self.beskrivelse,
            "delkrav": [krav.som_dict() for krav in self.delkrav],
        }

    @classmethod
    def fra_dict(cls, data: Mapping[str, Any]) -> "Maaltall":
        verdi = data.get("verdi")
        basisaar = data.get("basisaar")
        return cls(
            tekst=data.get("tekst") or "",
            sammenligning=Sammenligning(data.get("sammenligning") or Sammenligning.UKJENT),
            verdi=Decimal(str(verdi)) if verdi is not None else None,
            enhet=Enhet(data["enhet"]) if data.get("enhet") else None,
            basisaar=int(basisaar) if basisaar is not None else None,
            beskrivelse=data.get("beskrivelse") or "",
            delkrav=tuple(cls.fra_dict(krav) for krav in data.get("delkrav") or ()),
        )


@dataclass(frozen=True)
class Resultat:
    """A reported result as written (``tekst``) and as understood.

    A number has ``verdi`` and ``enhet``; "Ja"/"Nei"/"Delvis" has ``ja_nei`` ("ja", "nei",
    "delvis") and ``enhet`` JA_NEI. A placeholder ("xx", "-", "") or an unreadable text has
    neither: the result is missing (``mangler``).
    """

    tekst: str
    verdi: Decimal | None = None
    enhet: Enhet | None = None
    ja_nei: str | None = None

    def __post_init__(self):
        if self.enhet is not None:
            object.__setattr__(self, "enhet", Enhet(self.enhet))
        if self.verdi is not None and not isinstance(self.verdi, Decimal):
            object.__setattr__(self, "verdi", Decimal(str(self.verdi)))

    @property
    def mangler(self) -> bool:
        return self.verdi is None and self.ja_nei is None

    def som_dict(self) -> dict[str, Any]:
        return {
            "tekst": self.tekst,
            "verdi": str(self.verdi) if self.verdi is not None else None,
            "enhet": self.enhet.value if self.enhet is not None else None,
            "ja_nei": self.ja_nei,
        }

    @classmethod
    def fra_dict(cls, data: Mapping[str, Any]) -> "Resultat":
        verdi = data.get("verdi")
        return cls(
            tekst=data.get("tekst") or "",
            verdi=Decimal(str(verdi)) if verdi is not None else None,
            enhet=Enhet(data["enhet"]) if data.get("enhet") else None,
            ja_nei=data.get("ja_nei") or None,
        )


# --- Normalisation ----------------------------------------------------------------------

_USYNLIG = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BINDESTREK = re.compile("[\u2010\u2011\u2212]")  # hyphens and the minus sign
# Every whitespace but the line break (this includes non-breaking and thin spaces).
_MELLOMROM = re.compile(r"[^\S\n]+")
# A new sentence: after . ! ? when a capital letter follows, or at a line break.
_SETNINGSSKILLE = re.compile(r"(?<=[.!?]) (?=[A-ZÆØÅ])|\n+")


def _normaliser(tekst: str) -> str:
    tekst = _BINDESTREK.sub("-", _USYNLIG.sub("", tekst))
    tekst = _MELLOMROM.sub(" ", tekst)
    linjer = (linje.strip() for linje in tekst.split("\n"))
    return "\n".join(linje for linje in linjer if linje)


class _Kontekst(NamedTuple):
    tekst: str  # the original text, returned unchanged
    flat: str  # normalised, on one line, without trailing dots
    setninger: tuple[str, ...]  # normalised sentences, with their final dots


# --- Numbers and units ------------------------------------------------------------------

# 9,1 | 78,40 | 100 | -2,5 | 1 000 | 12 500,5 | 3.8 (a decimal point, typed in English)
_TALL = r"-?(?:\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
_TALLORD = {
    "null": 0, "en": 1, "én": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
    "femten": 15, "tjue": 20, "tretti": 30, "førti": 40, "femti": 50, "hundre": 100,
}  # fmt: skip
_TALLORD_RE = "|".join(sorted(_TALLORD, key=len, reverse=True))
_ENHETER = (
    (Enhet.PROSENT, r"%|prosent\b|pst\b\.?"),
    (Enhet.PER_1000, r"‰|promille\b|(?:per|pr\.?) ?1 ?000\b"),
    (Enhet.TIMER, r"tim(?:e|er|en|ene)\b"),
    (Enhet.DAGER, r"dag(?:er|en|ene)?\b|døgn\b"),
    (Enhet.UKER, r"uk(?:e|er|en|ene)\b"),
    (Enhet.MAANEDER, r"måned(?:er|en|ene)?\b|mnd\b\.?"),
    (Enhet.KRONER, r"kr\b\.?|kroner\b|nok\b"),
)
_ENHET_RE = "|".join(f"(?:{regex})" for _, regex in _ENHETER)
_ENHET_OPPSLAG = tuple((re.compile(m, re.IGNORECASE), enhet) for enhet, m in _ENHETER)
_VARIGHETER = frozenset({Enhet.TIMER, Enhet.DAGER, Enhet.UKER, Enhet.MAANEDER})
_VARIGHET_RE = "|".join(f"(?:{regex})" for enhet, regex in _ENHETER if enhet in _VARIGHETER)
# "1.234" may be one thousand two hundred and thirty-four, or a decimal: not read.
_TVETYDIG_PUNKTUM = re.compile(r"-?\d{1,3}\.\d{3}")


def _desimal(tall: str) -> Decimal | None:
    """A written number as a Decimal; None when it is ambiguous or no number."""
    tall = tall.strip()
    if tall.lower() in _TALLORD:
        return Decimal(_TALLORD[tall.lower()])
    if _TVETYDIG_PUNKTUM.fullmatch(tall):
        return None
    try:
        verdi = Decimal(tall.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return verdi if verdi.is_finite() else None


def _enhet(tekst: str | None) -> Enhet | None:
    if not tekst:
        return None
    for regex, enhet in _ENHET_OPPSLAG:
        if regex.fullmatch(tekst.strip()):
            return enhet
    return None


def _er_aarstall(tall: str, enhet: str | None) -> bool:
    """A bare 19xx/20xx is a year ("enn 2022"), not an amount."""
    return enhet is None and re.fullmatch(r"(?:19|20)\d{2}", tall) is not None


def _rydd(tekst: str) -> str:
    """A description without doubled spaces, stray punctuation or empty parentheses."""
    tekst = re.sub(r"\( ?\)", "", tekst)
    tekst = re.sub(r" +([,.;:)])", r"\1", tekst)
    tekst = re.sub(r"\( +", "(", tekst)
    return " ".join(tekst.split()).strip(" ,.;:")


_MAALET_FOR = re.compile(r"^(?:målet|kravet) for ", re.IGNORECASE)


def _uten(setning: str, start: int, slutt: int) -> str:
    """The sentence with the span cut out: what the number is about.

    "Målet for X skal være lavere enn 7,8 prosent" describes X.
    """
    return _rydd(_MAALET_FOR.sub("", f"{setning[:start]} {setning[slutt:]}".strip()))


def tolk_maaltall(tekst: str | None) -> Maaltall:
    """Read a target text. Never raises; empty, too long or unreadable text gives UKJENT."""
    original = "" if tekst is None else str(tekst)
    ukjent = Maaltall(tekst=original, sammenligning=Sammenligning.UKJENT)
    if len(original) > MAKS_LENGDE:
        return ukjent
    normalisert = _normaliser(original)
    if not normalisert:
        return ukjent
    setninger = tuple(s for s in _SETNINGSSKILLE.split(normalisert) if s.strip())
    flat = " ".join(setninger).rstrip(" .,;")
    if not flat:
        return ukjent
    kontekst = _Kontekst(original, flat, setninger)
    for regel in _REGLER:
        maaltall = regel(kontekst)
        if maaltall is not None:
            return maaltall
    return ukjent


# --- Rule: not relevant -----------------------------------------------------------------

_IKKE_RELEVANT = re.compile(r"ikke (?:relevant|aktuelt)|i/r", re.IGNORECASE)


def _regel_ikke_relevant(k: _Kontekst) -> Maaltall | None:
    if _IKKE_RELEVANT.fullmatch(k.flat):
        return Maaltall(tekst=k.tekst, sammenligning=Sammenligning.IKKE_RELEVANT)
    return None


# --- Rule: a table cell ("100%", "0", "< 9,1 %", "minst 80 %", "Ja") -------------------

_OPERATORER = (
    (Sammenligning.MAKS, r"<=|=<|≤|maks(?:imum|\.)?|høyst|inntil|ikke over|ikke mer enn"),
    (Sammenligning.MINST, r">=|=>|≥|minst|minimum|min\."),
    (Sammenligning.UNDER, r"<|under|mindre enn|lavere enn|færre enn"),
    (Sammenligning.OVER, r">|over|mer enn|høyere enn|flere enn"),
    (Sammenligning.LIK, r"="),
)
_OPERATOR_RE = "|".join(f"(?:{regex})" for _, regex in _OPERATORER)
_OPERATOR_OPPSLAG = tuple((re.compile(m, re.IGNORECASE), s) for s, m in _OPERATORER)
_ETTERLEDD = {
    "eller mer": Sammenligning.MINST, "eller høyere": Sammenligning.MINST,
    "eller flere": Sammenligning.MINST, "eller mindre": Sammenligning.MAKS,
    "eller lavere": Sammenligning.MAKS, "eller færre": Sammenligning.MAKS,
}  # fmt: skip
_TABELLCELLE = re.compile(
    rf"(?:(?P<op>{_OPERATOR_RE}) ?)?(?P<tall>{_TALL}) ?(?P<enhet>{_ENHET_RE})?"
    rf"(?: (?P<etterledd>{'|'.join(_ETTERLEDD)}))?",
    re.IGNORECASE,
)
_JA_NEI_MAAL = {"ja": Decimal(1), "nei": Decimal(0)}


def _operator(tekst: str) -> Sammenligning:
    for regex, sammenligning in _OPERATOR_OPPSLAG:
        if regex.fullmatch(tekst):
            return sammenligning
    return Sammenligning.UKJENT  # not reached: the cell regex only admits these


def _regel_tabellcelle(k: _Kontekst) -> Maaltall | None:
    if k.flat.lower() in _JA_NEI_MAAL:
        return Maaltall(
            tekst=k.tekst,
            sammenligning=Sammenligning.LIK,
            verdi=_JA_NEI_MAAL[k.flat.lower()],
            enhet=Enhet.JA_NEI,
        )
    treff = _TABELLCELLE.fullmatch(k.flat)
    if treff is None or (treff["op"] and treff["etterledd"]):
        return None
    verdi = _desimal(treff["tall"])
    if verdi is None:
        return None
    if (
        treff["op"]
        and " enn" in treff["op"].lower()
        and _er_aarstall(treff["tall"], treff["enhet"])
    ):
        return None  # "Færre enn 2022": a baseline year (see _regel_mot_basisaar)
    sammenligning = Sammenligning.LIK
    if treff["op"]:
        sammenligning = _operator(treff["op"])
    elif treff["etterledd"]:
        sammenligning = _ETTERLEDD[treff["etterledd"].lower()]
    return Maaltall(
        tekst=k.tekst,
        sammenligning=sammenligning,
        verdi=verdi,
        enhet=_enhet(treff["enhet"]) or Enhet.ANTALL,
    )


# --- Rule: declared qualitative ("Kvalitativ vurdering ...") ----------------------------


def _regel_erklaert_kvalitativ(k: _Kontekst) -> Maaltall | None:
    """A text that calls itself qualitative is so, whatever numbers it mentions."""
    if re.match(r"kvalitativ", k.flat, re.IGNORECASE):
        return _kvalitativ(k)
    return None


def _kvalitativ(k: _Kontekst) -> Maaltall:
    return Maaltall(tekst=k.tekst, sammenligning=Sammenligning.KVALITATIV, enhet=Enhet.TEKST)


# --- Rule: numeric requirements in prose ------------------------------------------------

_MENGDE = rf"(?P<tall>{_TALL}|\b(?:{_TALLORD_RE})\b) ?(?P<enhet>{_ENHET_RE})?"
_MENGDE_MED_VARIGHET = rf"(?P<tall>{_TALL}|\b(?:{_TALLORD_RE})\b) (?P<enhet>{_VARIGHET_RE})"
_PROSENTANDEL = rf"(?P<andel>{_TALL}) ?(?:%|prosent\b)"

# "Oppholdstiden ... overstiger ikke 6 uker i 75 prosent av sakene, for ...": the share of
# cases within the limit is the measure, at least 75 percent. The subject ("Oppholdstiden
# i akuttinstitusjoner") is what precedes the verb in the sentence.
_ANDEL_INNENFOR_GRENSE = re.compile(
    rf" (?P<verb>overstiger ikke|er under|er innenfor) "
    rf"(?P<grense>{_TALL} ?(?:{_ENHET_RE})) i {_PROSENTANDEL} (?P<hale>[^,.]+)(?P<rest>[^.]*)",
    re.IGNORECASE,
)


class _Krav(NamedTuple):
    start: int
    slutt: int
    sammenligning: Sammenligning
    verdi: Decimal
    enhet: Enhet
    beskrivelse: str


def _med_enhet(treff: re.Match) -> tuple[Decimal, Enhet] | None:
    verdi = _desimal(treff["tall"])
    if verdi is None or _er_aarstall(treff["tall"], treff["enhet"]):
        return None
    return verdi, _enhet(treff["enhet"]) or Enhet.ANTALL


def _krav_andel_innenfor_grense(setning: str) -> list[_Krav]:
    treff = _ANDEL_INNENFOR_GRENSE.search(setning)
    subjekt = setning[: treff.start()].strip() if treff is not None else ""
    verdi = _desimal(treff["andel"]) if treff is not None else None
    if not subjekt or verdi is None:
        return []
    subjekt = subjekt[0].lower() + subjekt[1:]
    beskrivelse = _rydd(
        f"{treff['hale']}: {subjekt} {treff['verb'].lower()} {treff['grense']}{treff['rest']}"
    )
    return [_Krav(0, treff.end(), Sammenligning.MINST, verdi, Enhet.PROSENT, beskrivelse)]


def _krav_fra_regex(
    regex: re.Pattern, hvilken: Callable[[re.Match], Sammenligning]
) -> Callable[[str], list[_Krav]]:
    """Requirements found by ``regex``; the matched phrase is cut from the description."""

    def finn(setning: str) -> list[_Krav]:
        krav = []
        for treff in regex.finditer(setning):
            lest = _med_enhet(treff)
            if lest is None:
                continue
            verdi, enhet = lest
            start, slutt = treff.span()
            beskrivelse = _uten(setning, start, slutt)
            krav.append(_Krav(start, slutt, hvilken(treff), verdi, enhet, beskrivelse))
        return krav

    return finn


# "Minimum 80 prosent", "minst tre timer", "høyst 5 dager"
_GRENSEORD = re.compile(
    rf"\b(?P<op>minimum|minst|maksimum|maks\.?|høyst|inntil|ikke mer enn|ikke flere enn)"
    rf" {_MENGDE}",
    re.IGNORECASE,
)
# "skal ikke overstige 20 prosent", "skal ikke være lavere enn 5 %"
_IKKE_OVER = re.compile(
    rf"(?:\bskal )?\bikke (?:overstige|overskride|være (?:høyere|mer|større|over)(?: enn)?)"
    rf" {_MENGDE}",
    re.IGNORECASE,
)
_IKKE_UNDER = re.compile(
    rf"(?:\bskal )?\bikke (?:være (?:lavere|mindre|under)(?: enn)?|underskride) {_MENGDE}",
    re.IGNORECASE,
)
# "skal være lavere enn 7,8 prosent": strictly below. A year after "enn" is a baseline.
_SKAL_VAERE_ENN = re.compile(
    rf"(?:\bskal (?:være )?)?\b(?P<op>lavere|mindre|færre|høyere|større|mer|flere) enn {_MENGDE}",
    re.IGNORECASE,
)
# "Tilbud gis innen to timer etter at ...": a time limit, at most.
_INNEN_VARIGHET = re.compile(rf"\binnen {_MENGDE_MED_VARIGHET}", re.IGNORECASE)

_MINST_ORD = {"minimum", "minst"}
_UNDER_ORD = {"lavere", "mindre", "færre"}

_KRAVFINNERE: tuple[Callable[[str], list[_Krav]], ...] = (
    _krav_andel_innenfor_grense,
    _krav_fra_regex(
        _GRENSEORD,
        lambda t: Sammenligning.MINST if t["op"].lower() in _MINST_ORD else Sammenligning.MAKS,
    ),
    _krav_fra_regex(_IKKE_OVER, lambda t: Sammenligning.MAKS),
    _krav_fra_regex(_IKKE_UNDER, lambda t: Sammenligning.MINST),
    _krav_fra_regex(
        _SKAL_VAERE_ENN,
        lambda t: Sammenligning.UNDER if t["op"].lower() in _UNDER_ORD else Sammenligning.OVER,
    ),
    _krav_fra_regex(_INNEN_VARIGHET, lambda t: Sammenligning.MAKS),
)

# A stated amount with no comparison word is a floor: at the start of the text
# ("60 prosent av oppgavene ...", "40 kartlegginger per år ...") or as what the subject
# shall have ("Barna skal ha 90 prosent oppmøte ..."). A counted noun after a number
# without a unit names what is counted, like a unit; it is cut from the description.
_MENGDE_FORST = re.compile(
    rf"(?P<tall>{_TALL}) ?(?:(?P<enhet>{_ENHET_RE})|(?P<substantiv>[a-zæøå]+\b))",
    re.IGNORECASE,
)
_SKAL_HA_MENGDE = re.compile(
    rf"\bskal (?:ha|utgjøre|være på|nå) (?P<tall>{_TALL}) ?(?P<enhet>{_ENHET_RE})",
    re.IGNORECASE,
)
_IKKE_SUBSTANTIV = frozenset({"av", "i", "til", "og", "eller", "per", "pr", "på", "for"})
# Words that give an amount another meaning than a floor ("10 % ned fra 2022", "ca. 80 %",
# "80 % eller mer eller mindre"): such a sentence is not read as a floor.
_ANNEN_RETNING = re.compile(
    r"\b(?:ned|opp|reduks\w*|redus\w*|økning\w*|nedgang\w*|færre|flere|lavere|høyere"
    r"|mindre|mer|under|over|maks\w*|høyst|ca|cirka|omtrent|rundt)\b",
    re.IGNORECASE,
)


def _krav_uten_sammenligningsord(setning: str) -> list[_Krav]:
    if _ANNEN_RETNING.search(setning):
        return []
    treff = _MENGDE_FORST.match(setning)
    if treff is not None and (treff["substantiv"] or "").lower() in _IKKE_SUBSTANTIV:
        treff = None
    if treff is None:
        treff = _SKAL_HA_MENGDE.search(setning)
        if treff is None:
            return []
        start, slutt = treff.start("tall"), treff.end()
    else:
        start, slutt = treff.span()
    lest = _med_enhet(treff)
    if lest is None:
        return []
    verdi, enhet = lest
    return [_Krav(start, slutt, Sammenligning.MINST, verdi, enhet, _uten(setning, start, slutt))]


def _overlapper(a: _Krav, b: _Krav) -> bool:
    return a.start < b.slutt and b.start < a.slutt


def _regel_tall_i_tekst(k: _Kontekst) -> Maaltall | None:
    """Numeric requirements stated in sentences; the first is the target, the rest delkrav."""
    funnet: list[tuple[int, _Krav, str]] = []
    for nr, setning in enumerate(k.setninger):
        krav_i_setning: list[_Krav] = []
        for finn in _KRAVFINNERE:
            for krav in finn(setning):
                if not any(_overlapper(krav, tatt) for tatt in krav_i_setning):
                    krav_i_setning.append(krav)
        funnet += [(nr, krav, setning) for krav in krav_i_setning]
    if not funnet:
        for nr, setning in enumerate(k.setninger):
            funnet += [(nr, krav, setning) for krav in _krav_uten_sammenligningsord(setning)]
    if not funnet:
        return None
    funnet.sort(key=lambda rad: (rad[0], rad[1].start))
    (_, forste, _), *resten = funnet
    delkrav = tuple(
        Maaltall(
            tekst=setning,
            sammenligning=krav.sammenligning,
            verdi=krav.verdi,
            enhet=krav.enhet,
            beskrivelse=krav.beskrivelse,
        )
        for _, krav, setning in resten
    )
    return Maaltall(
        tekst=k.tekst,
        sammenligning=forste.sammenligning,
        verdi=forste.verdi,
        enhet=forste.enhet,
        beskrivelse=forste.beskrivelse,
        delkrav=delkrav,
    )


# --- Rule: compared with a baseline ("Færre barn ... enn i 2022") -----------------------

_KOMPARATIVER = {
    "færre": (Sammenligning.FAERRE_ENN, Enhet.ANTALL),
    "flere": (Sammenligning.FLERE_ENN, Enhet.ANTALL),
    "lavere": (Sammenligning.LAVERE_ENN, None),
    "mindre": (Sammenligning.LAVERE_ENN, None),
    "høyere": (Sammenligning.HOYERE_ENN, None),
    "større": (Sammenligning.HOYERE_ENN, None),
    "mer": (Sammenligning.HOYERE_ENN, None),
}
_KOMPARATIV_FORST = re.compile(rf"(?P<ord>{'|'.join(_KOMPARATIVER)}) (?P<rest>.+)", re.I)
_ENN_AAR = re.compile(r"(?:^|,? )enn (?:i )?(?:året )?(?P<aar>(?:19|20)\d{2})\b", re.IGNORECASE)
# "... og flere barn har hatt ...": a further requirement with the same baseline.
_OG_KOMPARATIV = re.compile(rf" og (?=(?:{'|'.join(_KOMPARATIVER)}) )", re.IGNORECASE)


def _relativt_krav(ledd: str, basisaar: int | None) -> Maaltall | None:
    treff = _KOMPARATIV_FORST.fullmatch(ledd.rstrip(" ."))
    if treff is None:
        return None
    sammenligning, enhet = _KOMPARATIVER[treff["ord"].lower()]
    rest = treff["rest"]
    if aar := _ENN_AAR.search(rest):
        basisaar = int(aar["aar"])
        rest = rest[: aar.start()] + rest[aar.end() :]
    return Maaltall(
        tekst=ledd,
        sammenligning=sammenligning,
        enhet=enhet,
        basisaar=basisaar,
        beskrivelse=_rydd(rest),
    )


def _regel_mot_basisaar(k: _Kontekst) -> Maaltall | None:
    """A first sentence starting with a comparative; "og <komparativ> ..." adds delkrav."""
    ledd = _OG_KOMPARATIV.split(k.setninger[0])
    forste = _relativt_krav(ledd[0], None)
    if forste is None:
        return None
    delkrav = []
    for neste in ledd[1:]:
        krav = _relativt_krav(neste, forste.basisaar)
        if krav is None:
            return None
        delkrav.append(krav)
    return Maaltall(
        tekst=k.tekst,
        sammenligning=forste.sammenligning,
        enhet=forste.enhet,
        basisaar=forste.basisaar,
        beskrivelse=forste.beskrivelse,
        delkrav=tuple(delkrav),
    )


# --- Rule: change from the previous year ("Økt bruk av ...", "reduksjon i ...") ---------

_ENDRINGER = (
    # "skal opprettholdes eller økes": at least the baseline (MINST with no value).
    (
        Sammenligning.MINST,
        re.compile(
            r"(?:\bskal )?\b(?:opprettholdes eller økes|minst opprettholdes|ikke reduseres)\b",
            re.IGNORECASE,
        ),
    ),
    (
        Sammenligning.OKT,
        re.compile(
            r"^(?:økt|økende|økning (?:i|av))\b"
            r"|\b(?:jobbe|arbeide|bidra) (?:for|til) (?:en )?(?:økning (?:i|av)|økt)\b",
            re.IGNORECASE,
        ),
    ),
    (
        Sammenligning.REDUSERT,
        re.compile(
            r"^(?:redusert|reduksjon (?:i|av)|nedgang i)\b"
            r"|\b(?:skal )?(?:jobbe|arbeide|bidra) (?:for|til) (?:en )?"
            r"(?:reduksjon (?:i|av)|redusert|nedgang i)\b",
            re.IGNORECASE,
        ),
    ),
)
_I_PROSENT = re.compile(r"\b(?:oppgis|måles|angis|rapporteres) i prosent\b", re.IGNORECASE)
_SUBJEKT_REGIONENE = re.compile(r"^(?:regionene|regionen|etaten|virksomheten) ", re.I)


def _regel_endring(k: _Kontekst) -> Maaltall | None:
    setning = k.setninger[0]
    for sammenligning, regex in _ENDRINGER:
        treff = regex.search(setning)
        if treff is None:
            continue
        start, slutt = treff.span()
        foran = _SUBJEKT_REGIONENE.sub("", setning[:start]) if start else ""
        if foran.strip().lower() in ("skal", ""):
            foran = ""  # "Regionene skal jobbe for en reduksjon i X": X is the subject
        beskrivelse = _rydd(f"{foran} {setning[slutt:]}")
        enhet = Enhet.PROSENT if _I_PROSENT.search(k.flat) else None
        return Maaltall(
            tekst=k.tekst, sammenligning=sammenligning, enhet=enhet, beskrivelse=beskrivelse
        )
    return None


# --- Rule: a reference outside the letter ("I henhold til ... budsjetterte dagpris") ----

_HENVISNING = re.compile(r"(?P<ord>i henhold til|i tråd med|innenfor) (?P<ref>.+)", re.I)
_BELOP = re.compile(r"pris|kroner|\bkr\b|\bnok\b", re.IGNORECASE)


def _regel_henvisning(k: _Kontekst) -> Maaltall | None:
    """The reference (a budget, a plan) is the caller's ``basis``; a budget is a ceiling."""
    treff = _HENVISNING.fullmatch(k.flat)
    if treff is None:
        return None
    ref = treff["ref"]
    tak = treff["ord"].lower() == "innenfor" or "budsjett" in ref.lower()
    return Maaltall(
        tekst=k.tekst,
        sammenligning=Sammenligning.MAKS if tak else Sammenligning.LIK,
        enhet=Enhet.KRONER if _BELOP.search(ref) else None,
        beskrivelse=_rydd(ref),
    )


# --- Rule: qualitative ------------------------------------------------------------------

# An assessment, an account, a quality or a condition for all, with no number to compute.
_KVALITATIV = re.compile(
    r"\bkvalitativ|\bvurder(?:e|er|es|ing|inger|ingen)\b|\bredegjør(?:e|else)?\b"
    r"|\bkvalitet(?:en)?\b|\bdokumentert\b|\bbegrunnet\b|\bfølges? opp\b|\bgod(?:t|e)?\b"
    r"|^alle\b",
    re.IGNORECASE,
)


def _regel_kvalitativ(k: _Kontekst) -> Maaltall | None:
    if _KVALITATIV.search(k.flat):
        return _kvalitativ(k)
    return None


_REGLER: tuple[Callable[[_Kontekst], Maaltall | None], ...] = (
    _regel_ikke_relevant,
    _regel_tabellcelle,
    _regel_erklaert_kvalitativ,
    _regel_tall_i_tekst,
    _regel_mot_basisaar,
    _regel_endring,
    _regel_henvisning,
    _regel_kvalitativ,
)


# --- Results ----------------------------------------------------------------------------

# Placeholders for a value not (yet) reported.
_PLASSHOLDER = re.compile(
    r"x+|-+|–|—|\.{2,}|…|\?+|n/?a|i/?r|ikke (?:tilgjengelig|rapportert|klart)|mangler|ukjent",
    re.IGNORECASE,
)
_JA_NEI = re.compile(r"(?P<svar>ja|nei|delvis)\b(?:[ ,.:;–-].*)?", re.IGNORECASE | re.DOTALL)
_RESULTATTALL = re.compile(rf"(?P<tall>{_TALL}) ?(?P<enhet>{_ENHET_RE})?", re.IGNORECASE)


def tolk_resultat(tekst: str | None) -> Resultat:
    """Read a reported result. Never raises; a placeholder or unreadable text is missing."""
    original = "" if tekst is None else str(tekst)
    mangler = Resultat(tekst=original)
    if len(original) > MAKS_LENGDE_RESULTAT:
        return mangler
    flat = " ".join(_normaliser(original).split()).rstrip(" .")
    if not flat or _PLASSHOLDER.fullmatch(flat):
        return mangler
    if treff := _JA_NEI.fullmatch(flat):
        return Resultat(tekst=original, enhet=Enhet.JA_NEI, ja_nei=treff["svar"].lower())
    treff = _RESULTATTALL.fullmatch(flat)
    if treff is None:
        return mangler
    verdi = _desimal(treff["tall"])
    if verdi is None:
        return mangler
    return Resultat(tekst=original, verdi=verdi, enhet=_enhet(treff["enhet"]) or Enhet.ANTALL)


# --- Status -----------------------------------------------------------------------------


def _forenlige(maal: Enhet | None, resultat: Enhet | None, verdi: Decimal | None) -> bool:
    """Whether two units compare: equal, one unknown, or a target of zero (zero of anything).

    A number written without a unit (ANTALL) is not taken for a percentage: "28" and
    "28 %" are different claims. Zero is the exception ("0" against "11,6 %").
    """
    if maal is None or resultat is None or maal == resultat:
        return True
    return verdi is not None and verdi == 0


def vurder(
    maaltall: Maaltall,
    resultat: Resultat | None,
    *,
    basis: Resultat | None = None,
    retning: str | None = None,
) -> Status:
    """Whether ``resultat`` meets ``maaltall``.

    ``basis`` is the result the target compares with when it is relative: the baseline
    year's result ("enn i 2022"), the previous year's ("Økt ..."), or the reference of a
    target without a value of its own ("I henhold til ... budsjetterte dagpris").
    ``retning`` ("hoy" or "lav", which way is better) turns an exact target into a floor or
    a ceiling: 102 % against "100%" with ``retning="hoy"`` is met. Never raises.

    Qualitative, irrelevant and unread targets are IKKE_MAALBAR; a missing or unusable
    result (or baseline, when one is needed) is MANGLER_DATA. Only the main requirement is
    judged; judge each of ``maaltall.delkrav`` with its own result.
    """
    sammenligning = maaltall.sammenligning
    if sammenligning in IKKE_MAALBARE:
        return Status.IKKE_MAALBAR
    if resultat is None or resultat.mangler:
        return Status.MANGLER_DATA
    if maaltall.enhet == Enhet.JA_NEI:
        if resultat.ja_nei is None:
            return Status.MANGLER_DATA
        forventet = "nei" if maaltall.verdi == 0 else "ja"
        return Status.OPPNAADD if resultat.ja_nei == forventet else Status.IKKE_OPPNAADD
    if resultat.verdi is None:
        return Status.MANGLER_DATA  # "Ja"/"Nei" against a number
    if not _forenlige(maaltall.enhet, resultat.enhet, maaltall.verdi):
        return Status.MANGLER_DATA

    referanse = maaltall.verdi
    if sammenligning in RELATIVE or referanse is None:
        if basis is None or basis.verdi is None:
            return Status.MANGLER_DATA
        if not _forenlige(basis.enhet, resultat.enhet, None):
            return Status.MANGLER_DATA
        referanse = basis.verdi

    if sammenligning == Sammenligning.LIK:
        retning = _RETNINGER.get(str(retning or "").strip().lower())
        if retning == RETNING_HOY:
            sammenligning = Sammenligning.MINST
        elif retning == RETNING_LAV:
            sammenligning = Sammenligning.MAKS

    if _oppfylt(sammenligning, resultat.verdi, referanse):
        return Status.OPPNAADD
    return Status.IKKE_OPPNAADD


def _oppfylt(sammenligning: Sammenligning, verdi: Decimal, referanse: Decimal) -> bool:
    if sammenligning == Sammenligning.LIK:
        return verdi == referanse
    if sammenligning == Sammenligning.MINST:
        return verdi >= referanse
    if sammenligning == Sammenligning.MAKS:
        return verdi <= referanse
    if sammenligning == Sammenligning.UNDER or sammenligning in _MOT_BASIS_LAVERE:
        return verdi < referanse
    return verdi > referanse  # OVER and the comparisons upwards from a baseline
