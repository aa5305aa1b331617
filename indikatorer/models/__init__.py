"""Indicators and their targets and results; periodic reporting (obligations, submissions)."""

from indikatorer.models.indikator import (
    ENHET_LABELS,
    SAMMENLIGNING_LABELS,
    STATUS_LABELS,
    YEAR_VALIDATORS,
    Indikator,
    Indikatorsett,
    Maalverdi,
    Resultat,
    Vurdering,
    tilpass_desimal,
)
from indikatorer.models.rapportering import (
    Innsending,
    Institusjon,
    Kapasitet,
    Skjema,
    Skjemafelt,
    Unntak,
    Verdi,
)

__all__ = [
    "ENHET_LABELS",
    "SAMMENLIGNING_LABELS",
    "STATUS_LABELS",
    "YEAR_VALIDATORS",
    "Indikator",
    "Indikatorsett",
    "Maalverdi",
    "Resultat",
    "Vurdering",
    "tilpass_desimal",
    "Innsending",
    "Institusjon",
    "Kapasitet",
    "Skjema",
    "Skjemafelt",
    "Unntak",
    "Verdi",
]
