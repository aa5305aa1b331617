"""Pages of the allocation letter: list, the letter itself, rød tråd, next year, diff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from styring import services
from styring.access import Action, permits
from styring.models import Tildelingsbrev
from styring.selectors import brev as selectors
from styring.selectors.endringer import endringer
from styring.views.scoped import ScopedObjectMixin


class BrevListView(ListView):
    template_name = "styring/brev/liste.html"
    context_object_name = "brevliste"

    def get_queryset(self):
        aar = self.request.GET.get("aar", "")
        return selectors.brevliste(
            user=self.request.user,
            aar=int(aar) if aar.isdigit() else None,
            mottaker=self.request.GET.get("mottaker", ""),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **selectors.brevfiltre(user=self.request.user),
            valgt_aar=self.request.GET.get("aar", ""),
            valgt_mottaker=self.request.GET.get("mottaker", ""),
            kan_opprette=permits(self.request.user, Action.STEER),
            **kwargs,
        )


class BrevMixin(ScopedObjectMixin):
    model = Tildelingsbrev

    def get_queryset(self):
        return super().get_queryset().select_related("utsteder", "planperiode", "supplerer")


class BrevDetailView(BrevMixin, DetailView):
    template_name = "styring/brev/detalj.html"
    context_object_name = "brev"

    def get_context_data(self, **kwargs):
        brev, user = self.object, self.request.user
        kan_styre = permits(user, Action.STEER, brev)
        return super().get_context_data(
            **selectors.brevside(brev=brev, user=user),
            kan_styre=kan_styre,
            kan_endre=kan_styre and not brev.er_utstedt,
            endringer=endringer(user=user, obj=brev),
            **kwargs,
        )


class RodTraadView(BrevMixin, DetailView):
    """Kommunemål → sektormål → tiltak, and what each goal is followed up with."""

    template_name = "styring/brev/rod_traad.html"
    context_object_name = "brev"

    def get_context_data(self, **kwargs):
        tree = selectors.rod_traad(brev=self.object, user=self.request.user)
        return super().get_context_data(maaltre=tree, **kwargs)


class SammenlignView(BrevMixin, DetailView):
    """The diff between this letter and another (by default the one it was made from)."""

    template_name = "styring/brev/sammenlign.html"
    context_object_name = "brev"

    def get_context_data(self, **kwargs):
        brev, user = self.object, self.request.user
        other_pk = self.request.GET.get("med", "")
        if other_pk.isdigit():
            fra = get_object_or_404(Tildelingsbrev.objects.for_user(user), pk=int(other_pk))
        else:
            fra = selectors.forrige_aars_brev(brev=brev, user=user)
        return super().get_context_data(
            **selectors.sammenligning(brev=brev, fra=fra, user=user), **kwargs
        )


class BrevHandlingView(BrevMixin, View):
    """A POST that changes a letter's state; the GET shows what is about to happen."""

    action = Action.STEER
    template_name = ""

    def get_object(self):
        brev = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not permits(self.request.user, self.action, brev):
            raise PermissionDenied
        return brev

    def get(self, request, pk):
        brev = self.get_object()
        return render(request, "styring/brev/bekreft.html", {"brev": brev, "handling": self})

    def post(self, request, pk):
        brev = self.get_object()
        try:
            result = self.utfor(brev)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(brev)
        messages.success(request, self.melding % {"brev": result})
        return redirect(result)


class UtstedView(BrevHandlingView):
    @property
    def tittel(self):
        return _("Issue the letter")

    @property
    def forklaring(self):
        return _(
            "When the letter is issued it is locked. Later changes are made through a "
            "supplementary letter."
        )

    @property
    def melding(self):
        return _("%(brev)s has been issued.")

    def utfor(self, brev):
        return services.utsted(brev=brev)


class SupplerendeView(BrevHandlingView):
    @property
    def tittel(self):
        return _("Create a supplementary letter")

    @property
    def forklaring(self):
        return _(
            "A supplementary letter records changes to an issued letter. It starts as a "
            "draft to the same recipients."
        )

    @property
    def melding(self):
        return _("%(brev)s has been created as a draft.")

    def utfor(self, brev):
        return services.lag_supplerende(brev=brev)


class NesteAarView(BrevHandlingView):
    @property
    def tittel(self):
        return _("Create next year's letter")

    @property
    def forklaring(self):
        return _(
            "Next year's letter starts as a draft with this letter's sections, goals, "
            "measures, directives and reporting requirements, marked as copied. "
            "Unfinished assignments and the indicators are carried over."
        )

    @property
    def melding(self):
        return _("%(brev)s has been created as a draft.")

    def utfor(self, brev):
        return services.lag_neste_aars_brev(brev=brev)
