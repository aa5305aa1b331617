"""Pages where department staff define and change reporting obligations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from indikatorer import selectors
from indikatorer.forms.skjema import SkjemafeltFormSet, SkjemaForm
from indikatorer.models.rapportering import Skjema
from indikatorer.services import skjema as tjeneste
from styring.access import Action, permits
from styring.perioder import maanedsstart


class SkjemaListeView(ListView):
    template_name = "indikatorer/skjema/liste.html"
    context_object_name = "skjemaer"

    def get_queryset(self):
        return selectors.skjemaer(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kan_definere=self.request.user.virksomhet_id is not None
            and permits(self.request.user, Action.STEER),
            **kwargs,
        )


class SkjemaDetailView(DetailView):
    template_name = "indikatorer/skjema/detalj.html"
    context_object_name = "skjema"
    slug_field = slug_url_kwarg = "kode"

    def get_queryset(self):
        return selectors.skjemaer_med_felt(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kan_endre=permits(self.request.user, Action.STEER, self.object),
            perioder=selectors.siste_perioder(self.object, idag=timezone.localdate()),
            **kwargs,
        )


class SkjemaRedigerView(TemplateView):
    """A new obligation (no ``kode`` in the URL) or the owner's changes to one."""

    template_name = "indikatorer/skjema/skjema.html"

    def dispatch(self, request, *args, **kwargs):
        kode = kwargs.get("kode")
        if kode is None:
            self.skjema = Skjema(aktiv_fra=maanedsstart(timezone.localdate()))
            if request.user.virksomhet_id is None or not permits(request.user, Action.STEER):
                raise PermissionDenied
        else:
            self.skjema = get_object_or_404(Skjema.objects.for_user(request.user), kode=kode)
            if not permits(request.user, Action.STEER, self.skjema):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        user = self.request.user
        form = SkjemaForm(data, instance=self.skjema, user=user)
        felt = SkjemafeltFormSet(
            data,
            instance=self.skjema,
            prefix="felt",
            form_kwargs={"indikatorer": selectors.indikatorvalg(user=user)},
        )
        return form, felt

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["feltformset"] = self.forms()
        return super().get_context_data(skjema=self.skjema, **kwargs)

    def post(self, request, *args, **kwargs):
        form, felt = self.forms(request.POST)
        if not (form.is_valid() and felt.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, feltformset=felt))
        new = self.skjema.pk is None
        skjema = tjeneste.lagre_skjema(skjemaform=form, feltformset=felt, user=request.user)
        messages.success(
            request,
            _("The obligation has been created.") if new else _("The changes have been saved."),
        )
        return redirect(skjema)
