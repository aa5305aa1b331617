"""The tertial report of an agency: the parts the apps register, and the risk matrix.

The parts come from ``styring.registries.tertialdeler``; ``styring`` adds its own (the
risk assessment of the tertial) the same way, from ``styring.contributions``.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from styring.models import Risikovurdering, Virksomhet
from styring.models.risiko import SKALA, risikomatrise
from styring.perioder import tertial
from styring.registries import tertialdeler
from styring.reports.typer import Innhold, Tabell


def hent_tertialrapport(*, virksomhet, periode_fra, periode_til, user):
    parts, tables, missing, preliminary, has_data = [], [], [], 0, False
    for part in tertialdeler:
        innhold = part.hent(
            virksomhet=virksomhet, periode_fra=periode_fra, periode_til=periode_til, user=user
        )
        context = {
            **innhold.context,
            "virksomhet": virksomhet,
            "periode_fra": periode_fra,
            "periode_til": periode_til,
        }
        # A rendered template is already safe (a SafeString, escaped by the template).
        html = render_to_string(part.template_name, context)
        parts.append({"kode": part.kode, "navn": part.navn, "html": html})
        tables.extend(innhold.tabeller)
        missing.extend(m for m in innhold.datagrunnlag.get("mangler", []) if m not in missing)
        preliminary += innhold.datagrunnlag.get("forelopige", 0)
        has_data = has_data or innhold.har_data
    return Innhold(
        context={"deler": parts},
        tabeller=tables,
        har_data=has_data,
        datagrunnlag={"mangler": missing, "forelopige": preliminary},
    )


def hent_risiko(*, virksomhet, periode_fra, periode_til, user):
    vurderinger = (
        Risikovurdering.objects.for_user(user) if user is not None else Risikovurdering.objects
    )
    vurderinger = list(
        vurderinger.filter(
            virksomhet=virksomhet,
            aar=periode_fra.year,
            tertial=tertial(periode_fra),
        )
        .select_related("maal")
        .order_by("-sannsynlighet", "-konsekvens", "maal__kode")
    )
    tabell = Tabell(
        tittel=_("Risk assessment"),
        kolonner=[
            _("Goal or measure"),
            _("Risk"),
            _("Likelihood"),
            _("Consequence"),
            _("Score"),
            _("Level"),
            _("Mitigating measures"),
        ],
        rader=[
            [
                f"{v.maal.kode} {v.maal.tekst}",
                v.risiko,
                v.sannsynlighet,
                v.konsekvens,
                v.risikotall,
                str(v.nivaa.label),
                v.tiltak,
            ]
            for v in vurderinger
        ],
    )
    return Innhold(
        context={"vurderinger": vurderinger, "matrise": risikomatrise(vurderinger), "skala": SKALA},
        tabeller=[tabell] if vurderinger else [],
        har_data=bool(vurderinger),
    )


def gjelder_tertialrapport(virksomhet):
    """Agencies and regions report each tertial to the organisation that steers them."""
    return virksomhet.styres_av_id is not None and virksomhet.type in (
        Virksomhet.Type.ETAT,
        Virksomhet.Type.REGION,
    )
