from django.utils import timezone
from django.views.generic import TemplateView

from styring.selectors.forside import forside


class ForsideView(TemplateView):
    template_name = "styring/forside.html"

    def get_context_data(self, **kwargs):
        idag = timezone.localdate()
        return super().get_context_data(
            **forside(user=self.request.user, idag=idag), idag=idag, **kwargs
        )
