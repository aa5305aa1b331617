"""The department overview: where each steered organisation stands, with links."""

from django.utils import timezone
from django.views.generic import TemplateView

from styring.selectors.virksomheter import avdelingsoversikt


class AvdelingsoversiktView(TemplateView):
    template_name = "styring/oversikt.html"

    def get_context_data(self, **kwargs):
        idag = timezone.localdate()
        return super().get_context_data(
            **avdelingsoversikt(user=self.request.user, idag=idag), idag=idag, **kwargs
        )
