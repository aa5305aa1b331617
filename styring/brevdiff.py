"""What changed between two letters (usually last year's and this year's).

Parts are paired through ``kopiert_fra`` when the new letter was made from the old
one, otherwise by their code or title. The other apps add their rows (changed
targets, carried-over assignments) through ``styring.registries.brevdiff``.
"""

from django.utils.translation import gettext as _

from styring import registries
from styring.letter import Art, Forskjell
from styring.models import Foring, Maal, Seksjon


def _pair(old_items, new_items, key):
    """Yield (old, new) pairs; one side is None for an added or removed item."""
    by_pk = {item.pk: item for item in old_items}
    by_key = {key(item): item for item in old_items}
    used = set()
    for item in new_items:
        match = by_pk.get(item.kopiert_fra_id) or by_key.get(key(item))
        if match is not None and match.pk not in used:
            used.add(match.pk)
            yield match, item
        else:
            yield None, item
    for item in old_items:
        if item.pk not in used:
            yield item, None


def _compare(kategori, pairs, fields, label):
    rows = []
    for old, new in pairs:
        if old is None:
            rows.append(Forskjell(kategori, label(new), Art.NY, ny=_summary(new, fields)))
        elif new is None:
            rows.append(Forskjell(kategori, label(old), Art.FJERNET, gammel=_summary(old, fields)))
        else:
            for field in fields:
                before, after = getattr(old, field), getattr(new, field)
                if before != after:
                    rows.append(
                        Forskjell(
                            kategori,
                            label(new),
                            Art.ENDRET,
                            felt=str(new._meta.get_field(field).verbose_name),
                            gammel=before,
                            ny=after,
                        )
                    )
    return rows


def _summary(item, fields):
    return "\n\n".join(str(getattr(item, field)) for field in fields if getattr(item, field))


def sammenlign(*, fra, til):
    """The differences from letter ``fra`` to letter ``til``, as ``Forskjell`` rows."""
    sections = [list(Seksjon.objects.filter(brev=letter)) for letter in (fra, til)]
    goals = [
        list(Maal.objects.filter(brev=letter).select_related("forelder")) for letter in (fra, til)
    ]
    directives = [list(Foring.objects.filter(brev=letter)) for letter in (fra, til)]

    rows = _compare(
        _("Section"),
        _pair(*sections, key=lambda s: (s.nummer, s.tittel)),
        ["tittel", "tekst", "tekst_etter"],
        lambda s: str(s),
    )
    rows += _compare(
        _("Goal or measure"),
        _pair(*goals, key=lambda m: (m.nivaa, m.kode)),
        ["kode", "tekst", "beskrivelse", "presisering", "rapportering", "samarbeid"],
        lambda m: f"{m.get_nivaa_display()} {m.kode}",
    )
    rows += _compare(
        _("Directive"),
        _pair(*directives, key=lambda f: (f.tema, f.tekst[:80])),
        ["tema", "tekst", "rapporteringsplikt"],
        lambda f: str(f),
    )
    maal_kart = {}
    for old, new in _pair(*goals, key=lambda m: (m.nivaa, m.kode)):
        if old is not None and new is not None:
            maal_kart[old.pk] = new
    for function in registries.brevdiff:
        rows += function(fra=fra, til=til, maal_kart=maal_kart)
    return rows
