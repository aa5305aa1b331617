"""Forms pages for department staff: write a letter and its parts while it is a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, UpdateView

from styring.access import Action, permits
from styring.forms.brev import (
    BrevForm,
    ForingForm,
    MaalForm,
    RapporteringskravForm,
    SeksjonForm,
    VedleggForm,
)
from styring.models import Tildelingsbrev
from styring.models.brev import LETTER_IS_ISSUED
from styring.views.scoped import ScopedObjectMixin

# The parts of a letter that have their own form, by the name used in the URL; each form
# names its model.
DELER = {
    "seksjon": SeksjonForm,
    "maal": MaalForm,
    "foring": ForingForm,
    "rapporteringskrav": RapporteringskravForm,
    "vedlegg": VedleggForm,
}


def steerable_draft(user, letter):
    """403 unless ``user`` steers ``letter``'s recipients and the letter is a draft."""
    if not permits(user, Action.STEER, letter):
        raise PermissionDenied
    if letter.er_utstedt:
        raise PermissionDenied(LETTER_IS_ISSUED)


class BrevCreateView(CreateView):
    form_class = BrevForm
    template_name = "styring/brev/skjema.html"

    def dispatch(self, request, *args, **kwargs):
        # A letter is issued by the user's own organisation: it must steer somebody.
        user = request.user
        if user.virksomhet_id is None or not permits(user, Action.STEER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["instance"] = Tildelingsbrev(utsteder=self.request.user.virksomhet)
        return kwargs

    def form_valid(self, form):
        messages.success(self.request, _("The letter has been created as a draft."))
        return super().form_valid(form)


class BrevUpdateView(ScopedObjectMixin, UpdateView):
    model = Tildelingsbrev
    form_class = BrevForm
    template_name = "styring/brev/skjema.html"
    context_object_name = "brev"

    def get_object(self, queryset=None):
        letter = super().get_object(queryset)
        steerable_draft(self.request.user, letter)
        return letter

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user}

    def form_valid(self, form):
        messages.success(self.request, _("The changes have been saved."))
        return super().form_valid(form)


class BrevdelMixin:
    """Looks up the kind of part from the URL and checks the letter may be changed."""

    template_name = "styring/brev/del_skjema.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["del"] not in DELER:
            raise Http404
        self.part_form = DELER[kwargs["del"]]
        self.model = self.part_form._meta.model

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            brev=self.brev, del_navn=self.model._meta.verbose_name, **kwargs
        )

    def get_success_url(self):
        anchor = getattr(self.object, "anker", "")
        return self.brev.get_absolute_url() + (f"#{anchor}" if anchor else "")


class BrevdelFormMixin:
    def get_form_class(self):
        return self.part_form

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"brev": self.brev, "user": self.request.user}


class BrevdelCreateView(BrevdelMixin, BrevdelFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        self.brev = get_object_or_404(
            Tildelingsbrev.objects.for_user(request.user), pk=kwargs["pk"]
        )
        steerable_draft(request.user, self.brev)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.model(brev=self.brev)
        return kwargs

    def form_valid(self, form):
        messages.success(self.request, _("Added to the letter."))
        return super().form_valid(form)


class BrevdelObjectMixin(BrevdelMixin):
    def get_queryset(self):
        return self.model.objects.for_user(self.request.user).select_related("brev")

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.brev_id is None:  # municipal goals are not part of a letter
            raise PermissionDenied
        self.brev = obj.brev
        steerable_draft(self.request.user, self.brev)
        return obj


class BrevdelUpdateView(BrevdelObjectMixin, BrevdelFormMixin, UpdateView):
    def form_valid(self, form):
        messages.success(self.request, _("The changes have been saved."))
        return super().form_valid(form)


class BrevdelDeleteView(BrevdelObjectMixin, DeleteView):
    template_name = "styring/brev/del_slett.html"

    def get_success_url(self):
        return self.brev.get_absolute_url()

    def form_valid(self, form):
        messages.success(self.request, _("Removed from the letter."))
        return super().form_valid(form)
