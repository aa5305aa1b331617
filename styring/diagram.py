"""The one chart module: SVG line and bar charts for pages and PDFs, each with its table.

Pure Python, no dependencies beyond Django. A chart is returned as ``Diagram``: the SVG
markup (a ``SafeString``; every label is escaped) and the same numbers as a ``Tabell``,
so every chart has a table alternative (shown beside it, and a sheet of the Excel file).

What every chart holds to:

- ``role="img"`` with a ``<title>`` and a ``<desc>`` named by ``aria-labelledby``; the
  description sums the numbers up in words for a screen reader;
- numbers in Norwegian format (``93,7 %``, ``1 234``), from ``django.utils.formats``;
- series told apart without colour: each has its own dash pattern and marker shape (lines)
  or fill pattern (bars), and is labelled directly at its end, not only in a legend;
- a fixed ``viewBox`` and ``width="100%"``, so it scales to its container;
- presentation attributes only: no script, no style sheet, no CSS variables, no external
  fonts or files, so WeasyPrint draws it exactly as a browser does.
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from styring.reports.typer import Tabell

BREDDE = 720
FONT = 12
SMAA_FONT = 11
MAKS_ETIKETTBREDDE = 240.0
# Dark, distinct colours; colour is never the only difference between series.
FARGER = ["#2a2859", "#a3470c", "#03614f", "#6b2f8a", "#7a5c00", "#1f42aa"]
STREKER = ["", "8 4", "2 3", "10 3 2 3", "4 2 1 2", "14 4"]
MARKORER = ["sirkel", "kvadrat", "trekant", "rute", "kryss", "trekant_ned"]
REFERANSEFARGE = "#55555f"
REFERANSESTREK = "12 5"
RUTENETT = "#d9d9e0"
AKSE = "#55555f"


@dataclass(frozen=True)
class Serie:
    """One series: a value per category (None: no value). ``etiketter`` may give the text
    shown for a value instead of the number (e.g. «< 3» for a masked count)."""

    navn: str
    verdier: Sequence
    etiketter: Sequence | None = None


@dataclass(frozen=True)
class Referanselinje:
    """A horizontal (line chart) or vertical (bar chart) line at a fixed value: a
    threshold, a target, the zero vision. ``tekst`` is what the label says of the value
    instead of the number («< 9,1 %» for a target written so)."""

    navn: str
    verdi: object
    tekst: str = ""

    def etikett(self, *, desimaler, enhet):
        value = self.tekst or formater_tall(self.verdi, desimaler=desimaler, enhet=enhet)
        return f"{self.navn}: {value}"


@dataclass(frozen=True)
class Diagram:
    """A chart: ``svg`` to put in the page, ``tabell`` with the same numbers (numbers
    stay numbers, for the Excel file). ``punkter`` says, per series, at which
    categories a point or bar was drawn."""

    svg: SafeString
    tabell: Tabell
    id: str = ""
    enhet: str = ""
    desimaler: int = 0
    punkter: dict = field(default_factory=dict)

    def __html__(self):
        return self.svg

    def __str__(self):
        return self.svg

    def visning(self):
        """The table for a template, numbers written as the chart writes them."""
        return tabellvisning(self.tabell, enhet=self.enhet, desimaler=self.desimaler)


def tabellvisning(tabell, *, enhet="", desimaler=0):
    """``tabell`` ready for a template: the first cell of a row is its heading, numbers
    are written in Norwegian format with ``enhet`` («84,0 %»), a missing value as «–»,
    and text (such as «< 3») as it is. Each cell is {"tekst", "tall"}; ``tall`` marks a
    value column (right-aligned)."""
    rows = []
    for row in tabell.rader:
        cells = [{"tekst": str(row[0]) if row else "", "tall": False}]
        for value in row[1:]:
            if isinstance(value, bool) or value is None or isinstance(value, str):
                text = "–" if value is None else str(value)
            elif isinstance(value, int | float | Decimal):
                text = formater_tall(value, desimaler=desimaler, enhet=enhet)
            else:
                text = str(value)
            cells.append({"tekst": text, "tall": True})
        rows.append(cells)
    return {"tittel": tabell.tittel, "kolonner": [str(k) for k in tabell.kolonner], "rader": rows}


# Numbers


def _desimal(verdi, desimaler):
    if verdi is None:
        return None
    number = verdi if isinstance(verdi, Decimal) else Decimal(str(verdi))
    return number.quantize(Decimal(1).scaleb(-desimaler), rounding=ROUND_HALF_UP)


def formater_tall(verdi, *, desimaler=0, enhet=""):
    """``verdi`` in Norwegian format («1 234», «93,7»), with ``enhet`` after a space
    («93,7 %»); «–» for no value."""
    if verdi is None:
        return "–"
    text = number_format(_desimal(verdi, desimaler), decimal_pos=desimaler)
    return f"{text} {enhet}" if enhet else text


def formater_prosent(verdi, *, desimaler=1):
    """A percentage in Norwegian format to ``desimaler`` decimals: «84,0 %»."""
    return formater_tall(verdi, desimaler=desimaler, enhet="%")


def _tabellverdi(verdi, desimaler):
    """The value for the table: a number rounded as the chart shows it, kept a number
    (a spreadsheet can compute with it)."""
    if verdi is None or isinstance(verdi, str):
        return verdi
    rounded = _desimal(verdi, desimaler)
    return int(rounded) if desimaler == 0 else rounded


def _skala(lav, hoy, *, heltall, antall=5):
    """Round axis ticks covering [lav, hoy]."""
    if hoy <= lav:
        hoy = lav + (1 if heltall else max(abs(lav) * 0.1, 1))
    raw = (hoy - lav) / antall
    magnitude = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if heltall else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in steps if m * magnitude >= raw)
    if heltall:
        step = max(1, round(step))
    start = math.floor(lav / step + 1e-9) * step
    stop = math.ceil(hoy / step - 1e-9) * step
    count = round((stop - start) / step)
    ticks = [start + i * step for i in range(count + 1)]
    decimals = 0 if float(step).is_integer() else len(f"{step:g}".split(".")[1])
    return ticks, decimals


# SVG pieces


def _f(number):
    """A coordinate: SVG syntax, never localised."""
    return f"{number:.1f}".rstrip("0").rstrip(".") if number % 1 else f"{number:.0f}"


def _tekst(x, y, text, *, anchor="start", size=FONT, weight=None, style=None, fill=AKSE):
    attrs = f'x="{_f(x)}" y="{_f(y)}" font-size="{size}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if style:
        attrs += f' font-style="{style}"'
    return f"<text {attrs}>{escape(text)}</text>"


def _tekstbredde(text, size=FONT):
    """An estimate of the width of ``text`` (no font metrics without a renderer)."""
    return len(text) * size * 0.58


def _markor(kind, x, y, colour, size=4.0):
    stroke = f'stroke="{colour}" stroke-width="1.5"'
    if kind == "sirkel":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size)}" fill="{colour}"/>'
    if kind == "kvadrat":
        s = size * 0.9
        return (
            f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" height="{_f(2 * s)}" '
            f'fill="none" {stroke}/>'
        )
    if kind == "trekant":
        points = [
            (x, y - size * 1.2),
            (x + size * 1.1, y + size * 0.8),
            (x - size * 1.1, y + size * 0.8),
        ]
        return f'<polygon points="{_punkter(points)}" fill="{colour}"/>'
    if kind == "trekant_ned":
        points = [
            (x, y + size * 1.2),
            (x + size * 1.1, y - size * 0.8),
            (x - size * 1.1, y - size * 0.8),
        ]
        return f'<polygon points="{_punkter(points)}" fill="none" {stroke}/>'
    if kind == "rute":
        points = [
            (x, y - size * 1.3),
            (x + size * 1.1, y),
            (x, y + size * 1.3),
            (x - size * 1.1, y),
        ]
        return f'<polygon points="{_punkter(points)}" fill="none" {stroke}/>'
    s = size
    return (
        f'<path d="M{_f(x - s)} {_f(y - s)}L{_f(x + s)} {_f(y + s)}'
        f'M{_f(x - s)} {_f(y + s)}L{_f(x + s)} {_f(y - s)}" fill="none" {stroke}/>'
    )


def _punkter(points):
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def _strek(pattern):
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def _spre(etiketter, *, avstand, topp, bunn):
    """Move labels [(y, ...)] apart vertically so none overlaps, staying in [topp, bunn]."""
    ordered = sorted(etiketter, key=lambda item: item[0])
    placed = []
    for y, *rest in ordered:
        if placed and y - placed[-1][0] < avstand:
            y = placed[-1][0] + avstand
        placed.append([y, *rest])
    overflow = placed[-1][0] - bunn if placed else 0
    if overflow > 0:
        for item in placed:
            item[0] -= overflow
        for i in range(1, len(placed)):
            placed[i][0] = max(placed[i][0], placed[i - 1][0] + avstand)
        if placed[0][0] < topp:
            shift = topp - placed[0][0]
            for item in placed:
                item[0] += shift
    return placed


def _diagram_id(diagram_id, *parts):
    if diagram_id:
        return escape(diagram_id)
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:10]
    return f"diagram-{digest}"


def _svg(*, ident, tittel, beskrivelse, hoyde, innhold):
    # Safe: every text in the markup is escaped (_tekst, escape), the id by _diagram_id,
    # and the rest are numbers and constants.
    return mark_safe(  # noqa: S308 # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 {BREDDE} '
        f'{_f(hoyde)}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{ident}-tittel {ident}-beskrivelse" font-family="sans-serif" '
        f'font-size="{FONT}">'
        f'<title id="{ident}-tittel">{escape(tittel)}</title>'
        f'<desc id="{ident}-beskrivelse">{escape(beskrivelse)}</desc>'
        f"{''.join(innhold)}</svg>"
    )


def _oppsummering(serier, *, desimaler, enhet):
    """The series in words: lowest, highest and latest value of each."""
    sentences = []
    for serie in serier:
        values = [v for v in serie.verdier if v is not None]
        if not values:
            sentences.append(_("%(series)s: no values.") % {"series": serie.navn})
            continue
        last = next(v for v in reversed(serie.verdier) if v is not None)
        sentences.append(
            _("%(series)s: lowest %(low)s, highest %(high)s, latest %(last)s.")
            % {
                "series": serie.navn,
                "low": formater_tall(min(values), desimaler=desimaler, enhet=enhet),
                "high": formater_tall(max(values), desimaler=desimaler, enhet=enhet),
                "last": formater_tall(last, desimaler=desimaler, enhet=enhet),
            }
        )
    return sentences


def _referansetekst(linjer, *, desimaler, enhet):
    return [
        _("Reference line %(label)s.") % {"label": r.etikett(desimaler=desimaler, enhet=enhet)}
        for r in linjer
    ]


def _tall(verdi):
    return None if verdi is None else float(verdi)


def _etikett(serie, index, *, desimaler, enhet):
    if serie.etiketter is not None and serie.etiketter[index] is not None:
        return str(serie.etiketter[index])
    return formater_tall(serie.verdier[index], desimaler=desimaler, enhet=enhet)


def _tabell(*, tittel, kategori_overskrift, kategorier, serier, referanselinjer, desimaler, enhet):
    """The chart as a table: a row per category (month, district, year), a column per
    series; the reference lines are named in the title. Numbers stay numbers."""
    if referanselinjer:
        lines = "; ".join(r.etikett(desimaler=desimaler, enhet=enhet) for r in referanselinjer)
        tittel = f"{tittel} ({lines})"
    rows = []
    for index, kategori in enumerate(kategorier):
        cells = []
        for serie in serier:
            label = serie.etiketter[index] if serie.etiketter is not None else None
            cells.append(
                str(label) if label is not None else _tabellverdi(serie.verdier[index], desimaler)
            )
        rows.append([kategori, *cells])
    return Tabell(
        tittel=tittel, kolonner=[kategori_overskrift, *[s.navn for s in serier]], rader=rows
    )


def _sjekk(kategorier, serier):
    for serie in serier:
        if len(serie.verdier) != len(kategorier):
            raise ValueError(
                f"{serie.navn}: {len(serie.verdier)} values, {len(kategorier)} categories"
            )
        if serie.etiketter is not None and len(serie.etiketter) != len(kategorier):
            raise ValueError(f"{serie.navn}: labels do not match the categories")


# Line chart


def linjediagram(
    *,
    tittel,
    kategorier,
    serier,
    beskrivelse="",
    referanselinjer=(),
    enhet="",
    desimaler=0,
    heltall=False,
    y_min=None,
    y_maks=None,
    kategori_overskrift="",
    kategorier_tabell=None,
    diagram_id=None,
):
    """A line chart over ``kategorier`` (months, years) with one line per ``Serie`` and
    horizontal ``referanselinjer`` (thresholds, targets).

    ``kategorier`` are the axis labels; a label with a line break («jan\\n2026») takes two
    lines. ``kategorier_tabell`` are the row headings of the table (default: the axis
    labels on one line). The value axis covers the values and the reference lines;
    ``y_min``/``y_maks`` widen it (it starts at 0 unless ``y_min`` says otherwise).
    ``heltall`` keeps the ticks whole numbers (counts).
    """
    kategorier = [str(k) for k in kategorier]
    serier = list(serier)
    referanselinjer = list(referanselinjer)
    _sjekk(kategorier, serier)
    ident = _diagram_id(
        diagram_id,
        "linje",
        tittel,
        kategorier,
        [(s.navn, [str(v) for v in s.verdier]) for s in serier],
        [(r.navn, str(r.verdi)) for r in referanselinjer],
    )
    values = [_tall(v) for s in serier for v in s.verdier if v is not None]
    values += [_tall(r.verdi) for r in referanselinjer]
    low = min([*values, 0.0 if y_min is None else float(y_min)])
    high = max([*values, 0.0 if y_maks is None else float(y_maks)])
    ticks, tick_decimals = _skala(low, high, heltall=heltall)

    # Room at the right for the direct labels of the series and reference lines: the
    # names are shortened so that the longest label fits.
    ends = {
        number: next((i for i in reversed(range(len(s.verdier))) if s.verdier[i] is not None), None)
        for number, s in enumerate(serier)
    }
    value_texts = {
        number: _etikett(serier[number], index, desimaler=desimaler, enhet=enhet)
        for number, index in ends.items()
        if index is not None
    }
    texts = [f"{s.navn} {value_texts.get(n, '')}" for n, s in enumerate(serier)]
    texts += [r.etikett(desimaler=desimaler, enhet=enhet) for r in referanselinjer]
    widest = max([_tekstbredde(text, SMAA_FONT) for text in texts] or [0])
    label_room = min(max(widest + 30, 90.0), MAKS_ETIKETTBREDDE)

    def fitted(name, suffix=""):
        room = label_room - 30 - _tekstbredde(suffix, SMAA_FONT)
        return Truncator(name).chars(max(int(room / (SMAA_FONT * 0.58)), 6)) + suffix

    left, top = 58.0, 16.0
    right = BREDDE - label_room
    plot_height = 220.0
    two_line = any("\n" in k for k in kategorier)
    bottom = top + plot_height
    height = bottom + (44 if two_line else 30)
    span = ticks[-1] - ticks[0]

    def y_of(value):
        return bottom - (float(value) - ticks[0]) / span * plot_height

    count = len(kategorier)
    pad = 14.0

    def x_of(index):
        if count <= 1:
            return (left + right) / 2
        return left + pad + index * (right - left - 2 * pad) / (count - 1)

    parts = []
    # Grid and value axis.
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" '
            f'stroke="{RUTENETT}" stroke-width="1"/>'
        )
        parts.append(
            _tekst(
                left - 6,
                y + 4,
                formater_tall(tick, desimaler=tick_decimals, enhet=enhet),
                anchor="end",
                size=SMAA_FONT,
            )
        )
    parts.append(
        f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(right)}" y2="{_f(bottom)}" '
        f'stroke="{AKSE}" stroke-width="1"/>'
    )
    # Category axis: thin out the labels when they would collide.
    step = max(1, math.ceil(count * 34 / max(right - left, 1)))
    for index, label in enumerate(kategorier):
        x = x_of(index)
        parts.append(
            f'<line x1="{_f(x)}" y1="{_f(bottom)}" x2="{_f(x)}" y2="{_f(bottom + 4)}" '
            f'stroke="{AKSE}" stroke-width="1"/>'
        )
        if index % step and "\n" not in label:
            continue
        lines = label.split("\n")
        tspans = "".join(
            f'<tspan x="{_f(x)}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{_f(x)}" y="{_f(bottom + 17)}" font-size="{SMAA_FONT}" fill="{AKSE}" '
            f'text-anchor="middle">{tspans}</text>'
        )

    labels = []
    # Reference lines, under the series.
    for linje in referanselinjer:
        y = y_of(linje.verdi)
        parts.append(
            f'<line class="referanselinje" x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" '
            f'y2="{_f(y)}" stroke="{REFERANSEFARGE}" stroke-width="1.5"'
            f"{_strek(REFERANSESTREK)}/>"
        )
        value = linje.etikett(desimaler=desimaler, enhet=enhet)[len(linje.navn) :]
        labels.append([y, "referanse", fitted(linje.navn, value), None])

    points_per_series = {}
    for number, serie in enumerate(serier):
        colour = FARGER[number % len(FARGER)]
        dash = STREKER[number % len(STREKER)]
        marker = MARKORER[number % len(MARKORER)]
        segments, current = [], []
        points = []
        for index, verdi in enumerate(serie.verdier):
            if verdi is None:
                if current:
                    segments.append(current)
                current = []
                continue
            point = (x_of(index), y_of(verdi))
            current.append(point)
            points.append((index, point))
        if current:
            segments.append(current)
        d = "".join("M" + "L".join(f"{_f(x)} {_f(y)}" for x, y in segment) for segment in segments)
        parts.append(f'<g class="serie" data-serie="{number}">')
        if d:
            parts.append(
                f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"'
                f'{_strek(dash)} stroke-linejoin="round"/>'
            )
        for _index, (x, y) in points:
            parts.append(_markor(marker, x, y, colour))
        parts.append("</g>")
        points_per_series[serie.navn] = [index for index, _point in points]
        if points:
            _last_index, (_x, last_y) = points[-1]
            text = fitted(serie.navn, " " + value_texts[number])
            labels.append([last_y, "serie", text, number])

    # Direct labels in the right margin, moved apart so none overlaps.
    for y, kind, text, number in _spre(labels, avstand=14, topp=top, bunn=bottom + 8):
        x = right + 8
        if kind == "referanse":
            parts.append(
                f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 16)}" y2="{_f(y - 4)}" '
                f'stroke="{REFERANSEFARGE}" stroke-width="1.5"{_strek("5 2")}/>'
            )
            parts.append(_tekst(x + 20, y, text, size=SMAA_FONT, style="italic"))
        else:
            colour = FARGER[number % len(FARGER)]
            parts.append(
                f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 16)}" y2="{_f(y - 4)}" '
                f'stroke="{colour}" stroke-width="2"{_strek(STREKER[number % len(STREKER)])}/>'
            )
            parts.append(_markor(MARKORER[number % len(MARKORER)], x + 8, y - 4, colour, 3.2))
            parts.append(_tekst(x + 20, y, text, size=SMAA_FONT, fill=colour))

    if not any(s.verdier and any(v is not None for v in s.verdier) for s in serier):
        parts.append(
            _tekst((left + right) / 2, top + plot_height / 2, _("No data"), anchor="middle")
        )

    description = " ".join(
        filter(
            None,
            [
                beskrivelse,
                _("Line chart, %(first)s to %(last)s.")
                % {
                    "first": kategorier[0].replace("\n", " ") if kategorier else "",
                    "last": kategorier[-1].replace("\n", " ") if kategorier else "",
                },
                *_oppsummering(serier, desimaler=desimaler, enhet=enhet),
                *_referansetekst(referanselinjer, desimaler=desimaler, enhet=enhet),
            ],
        )
    )
    headings = kategorier_tabell or [k.replace("\n", " ") for k in kategorier]
    return Diagram(
        svg=_svg(ident=ident, tittel=tittel, beskrivelse=description, hoyde=height, innhold=parts),
        tabell=_tabell(
            tittel=tittel,
            kategori_overskrift=kategori_overskrift,
            kategorier=[str(h) for h in headings],
            serier=serier,
            referanselinjer=referanselinjer,
            desimaler=desimaler,
            enhet=enhet,
        ),
        id=ident,
        enhet=enhet,
        desimaler=desimaler,
        punkter=points_per_series,
    )


# Bar chart


def _stolpestil(ident, number):
    """The fill of series ``number``: solid, hatched, outlined, dotted (then again in
    another colour). Returns (defs, attributes)."""
    colour = FARGER[number % len(FARGER)]
    kind = number % 4
    if kind == 0:
        return "", f'fill="{colour}"'
    if kind == 2:
        return "", f'fill="#ffffff" stroke="{colour}" stroke-width="1.5"'
    pattern_id = f"{ident}-monster-{number}"
    if kind == 1:
        shape = f'<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="{colour}" stroke-width="1.5"/>'
    else:
        shape = f'<circle cx="3" cy="3" r="1.3" fill="{colour}"/>'
    defs = (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="6" height="6">'
        f'<rect width="6" height="6" fill="#ffffff"/>{shape}</pattern>'
    )
    return defs, f'fill="url(#{pattern_id})" stroke="{colour}" stroke-width="1"'


def stolpediagram(
    *,
    tittel,
    kategorier,
    serier,
    beskrivelse="",
    referanselinjer=(),
    enhet="",
    desimaler=0,
    heltall=False,
    kategori_overskrift="",
    diagram_id=None,
):
    """A bar chart with one row per category (districts, years) and, within a row, one
    bar per ``Serie``; bars start at zero. ``referanselinjer`` are vertical lines (a
    target). A value with a label (``Serie.etiketter``) and no number («< 3») is shown as
    that label without a bar."""
    kategorier = [str(k) for k in kategorier]
    serier = list(serier)
    referanselinjer = list(referanselinjer)
    _sjekk(kategorier, serier)
    ident = _diagram_id(
        diagram_id,
        "stolpe",
        tittel,
        kategorier,
        [(s.navn, [str(v) for v in s.verdier], list(s.etiketter or [])) for s in serier],
        [(r.navn, str(r.verdi)) for r in referanselinjer],
    )
    values = [_tall(v) for s in serier for v in s.verdier if v is not None]
    values += [_tall(r.verdi) for r in referanselinjer]
    ticks, tick_decimals = _skala(
        min([*values, 0.0]), max([*values, 0.0]), heltall=heltall, antall=5
    )
    span = ticks[-1] - ticks[0]

    short = [Truncator(k).chars(34) for k in kategorier]
    left = min(max(max([_tekstbredde(k) for k in short] or [0]) + 12, 60.0), 250.0)
    right = BREDDE - 70.0
    legend = len(serier) > 1
    legend_height = 20.0 if legend else 0.0
    reference_height = 15.0 * len(referanselinjer)
    top = 8.0 + legend_height + reference_height
    bar = 14.0 if len(serier) == 1 else 11.0
    band = bar * len(serier) + 10.0
    plot_height = max(band * len(kategorier), 30.0)
    bottom = top + plot_height
    height = bottom + 24

    def x_of(value):
        return left + (float(value) - ticks[0]) / span * (right - left)

    zero = x_of(0)
    defs, parts = [], []
    styles = []
    for number in range(len(serier)):
        pattern, attrs = _stolpestil(ident, number)
        if pattern:
            defs.append(pattern)
        styles.append(attrs)
    if defs:
        parts.append(f"<defs>{''.join(defs)}</defs>")

    # Legend: a swatch in the series' fill, then its name.
    if legend:
        x = left
        for number, serie in enumerate(serier):
            parts.append(f'<rect x="{_f(x)}" y="6" width="14" height="10" {styles[number]}/>')
            name = Truncator(serie.navn).chars(30)
            parts.append(_tekst(x + 18, 15, name, size=SMAA_FONT))
            x += 18 + _tekstbredde(name, SMAA_FONT) + 16
    for tick in ticks:
        x = x_of(tick)
        parts.append(
            f'<line x1="{_f(x)}" y1="{_f(top)}" x2="{_f(x)}" y2="{_f(bottom)}" '
            f'stroke="{RUTENETT}" stroke-width="1"/>'
        )
        parts.append(
            _tekst(
                x,
                bottom + 16,
                formater_tall(tick, desimaler=tick_decimals, enhet=enhet),
                anchor="middle",
                size=SMAA_FONT,
            )
        )
    bars = {}
    for row, label in enumerate(short):
        y0 = top + row * band + 5
        parts.append(_tekst(left - 8, y0 + bar * len(serier) / 2 + 4, label, anchor="end"))
        for number, serie in enumerate(serier):
            y = y0 + number * bar
            verdi = serie.verdier[row]
            text = _etikett(serie, row, desimaler=desimaler, enhet=enhet)
            if verdi is None:
                parts.append(_tekst(zero + 4, y + bar - 3, text, size=SMAA_FONT, style="italic"))
                continue
            x = x_of(verdi)
            start, width = min(x, zero), abs(x - zero)
            parts.append(
                f'<rect class="stolpe" x="{_f(start)}" y="{_f(y + 1)}" width="{_f(width)}" '
                f'height="{_f(bar - 2)}" {styles[number]}/>'
            )
            bars.setdefault(serie.navn, []).append(row)
            if verdi >= 0:
                parts.append(_tekst(x + 4, y + bar - 3, text, size=SMAA_FONT))
            else:
                parts.append(_tekst(x - 4, y + bar - 3, text, anchor="end", size=SMAA_FONT))
    parts.append(
        f'<line x1="{_f(zero)}" y1="{_f(top)}" x2="{_f(zero)}" y2="{_f(bottom)}" '
        f'stroke="{AKSE}" stroke-width="1"/>'
    )
    for number, linje in enumerate(referanselinjer):
        x = x_of(linje.verdi)
        label_y = 8.0 + legend_height + 11 + number * 15
        parts.append(
            f'<line class="referanselinje" x1="{_f(x)}" y1="{_f(label_y + 2)}" x2="{_f(x)}" '
            f'y2="{_f(bottom)}" stroke="{REFERANSEFARGE}" stroke-width="1.5"'
            f"{_strek(REFERANSESTREK)}/>"
        )
        text = Truncator(linje.etikett(desimaler=desimaler, enhet=enhet)).chars(60)
        anchor = "end" if x > (left + right) / 2 else "start"
        offset = -4 if anchor == "end" else 4
        parts.append(
            _tekst(x + offset, label_y, text, anchor=anchor, size=SMAA_FONT, style="italic")
        )
    if not kategorier:
        parts.append(_tekst((left + right) / 2, top + 20, _("No data"), anchor="middle"))

    description = " ".join(
        filter(
            None,
            [
                beskrivelse,
                _("Bar chart with %(count)s rows.") % {"count": len(kategorier)},
                *[
                    f"{serie.navn}: "
                    + "; ".join(
                        f"{kategori} {_etikett(serie, i, desimaler=desimaler, enhet=enhet)}"
                        for i, kategori in enumerate(kategorier)
                    )
                    + "."
                    for serie in serier
                ],
                *_referansetekst(referanselinjer, desimaler=desimaler, enhet=enhet),
            ],
        )
    )
    return Diagram(
        svg=_svg(ident=ident, tittel=tittel, beskrivelse=description, hoyde=height, innhold=parts),
        tabell=_tabell(
            tittel=tittel,
            kategori_overskrift=kategori_overskrift,
            kategorier=kategorier,
            serier=serier,
            referanselinjer=referanselinjer,
            desimaler=desimaler,
            enhet=enhet,
        ),
        id=ident,
        enhet=enhet,
        desimaler=desimaler,
        punkter=bars,
    )
