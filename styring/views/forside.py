from django.utils import timezone
from django.views.generic import TemplateView

from styring.models import Virksomhet
from styring.oversikt import oppgaver


class ForsideView(TemplateView):
    template_name = "styring/forside.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = Virksomhet.objects.for_user(user).select_related("styres_av")
        return super().get_context_data(
            virksomheter=[v for v in visible if v.pk != user.virksomhet_id],
            oppgaver=oppgaver(user=user, idag=timezone.localdate()),
            idag=timezone.localdate(),
            **kwargs,
        )
