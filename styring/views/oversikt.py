"""The department overview: where each steered organisation stands, with links."""

from django.utils import timezone
from django.views.generic import TemplateView

from styring import registries
from styring.access import Action
from styring.models import Virksomhet


class AvdelingsoversiktView(TemplateView):
    template_name = "styring/oversikt.html"

    def get_context_data(self, **kwargs):
        user, idag = self.request.user, timezone.localdate()
        virksomheter = list(
            Virksomhet.objects.for_user(user, Action.STEER).exclude(styres_av=None).order_by("navn")
        )
        columns = list(registries.kolonner)
        figures = {k.kode: k.hent(virksomheter=virksomheter, user=user, idag=idag) for k in columns}
        rows = [
            {
                "virksomhet": v,
                "celler": [figures[k.kode].get(v.pk, []) for k in columns],
            }
            for v in virksomheter
        ]
        return super().get_context_data(
            kolonner=columns,
            rader=rows,
            dashboards=list(registries.dashboards),
            idag=idag,
            **kwargs,
        )
