from django.contrib import messages
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, UpdateView

from styring.access import Action, permits
from styring.forms import VirksomhetForm
from styring.models import Virksomhet
from styring.selectors import virksomheter as selectors
from styring.selectors.endringer import endringer
from styring.views.scoped import ScopedObjectMixin


class VirksomhetListView(ListView):
    template_name = "styring/virksomhet_liste.html"
    context_object_name = "virksomheter"

    def get_queryset(self):
        return selectors.virksomheter(user=self.request.user)


class VirksomhetDetailView(ScopedObjectMixin, DetailView):
    model = Virksomhet
    slug_field = slug_url_kwarg = "kode"
    template_name = "styring/virksomhet_detalj.html"
    context_object_name = "virksomhet"

    def get_queryset(self):
        return super().get_queryset().select_related("styres_av")

    def get_context_data(self, **kwargs):
        user = self.request.user
        obj = self.object
        return super().get_context_data(
            styrte=selectors.styrte(user=user, virksomhet=obj),
            kan_endre=permits(user, Action.STEER, obj),
            endringer=endringer(user=user, obj=obj),
            **kwargs,
        )


class VirksomhetUpdateView(ScopedObjectMixin, UpdateView):
    model = Virksomhet
    action = Action.STEER
    form_class = VirksomhetForm
    slug_field = slug_url_kwarg = "kode"
    template_name = "styring/virksomhet_skjema.html"
    context_object_name = "virksomhet"

    def form_valid(self, form):
        messages.success(self.request, _("The changes have been saved."))
        return super().form_valid(form)
