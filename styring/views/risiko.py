"""The agency's risk assessment of the goals of a letter: matrix, forms and history.

Every page starts from the user's scope: a letter, agency or assessment outside it
gives 404, an action beyond the user's role gives 403.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, TemplateView, UpdateView

from styring.access import Action, permits
from styring.forms.risiko import (
    ALREADY_ASSESSED,
    VURDERING_FELT,
    RisikovurderingEndreForm,
    RisikovurderingForm,
)
from styring.models import Maal, Risikovurdering, Tildelingsbrev, Virksomhet
from styring.perioder import Tertial
from styring.selectors import risiko as selectors
from styring.views.scoped import ScopedObjectMixin

TERTIALER = Tertial.values


def _heltall(value, allowed):
    """``value`` as an int when it is one of ``allowed``, else None (never an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number in allowed else None


def matrise_url(brev_pk, kode, aar, tertial):
    url = reverse("styring:risiko-matrise", kwargs={"brev_pk": brev_pk, "kode": kode})
    return f"{url}?{urlencode({'aar': aar, 'tertial': tertial})}"


class BrevVirksomhetMixin:
    """Resolves the letter and the recipient agency of the URL within the user's scope."""

    action = Action.VIEW

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.brev = get_object_or_404(Tildelingsbrev.objects.for_user(user), pk=kwargs["brev_pk"])
        self.virksomhet = get_object_or_404(
            Virksomhet.objects.for_user(user).filter(tildelingsbrev=self.brev),
            kode=kwargs["kode"],
        )
        self.kan_rapportere = permits(user, Action.REPORT, self.virksomhet)
        if self.action == Action.REPORT and not self.kan_rapportere:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def letterens_maal(self):
        return selectors.brevets_maal(user=self.request.user, brev=self.brev)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            brev=self.brev,
            virksomhet=self.virksomhet,
            kan_rapportere=self.kan_rapportere,
            **kwargs,
        )


class RisikoMatriseView(BrevVirksomhetMixin, TemplateView):
    """The risk picture of one agency for one letter and tertial."""

    template_name = "styring/risiko_matrise.html"

    def get_context_data(self, **kwargs):
        aar = _heltall(self.request.GET.get("aar"), range(2000, 2101)) or self.brev.aar
        bilde = selectors.risikobilde(
            user=self.request.user,
            brev=self.brev,
            virksomhet=self.virksomhet,
            aar=aar,
            tertial=_heltall(self.request.GET.get("tertial"), TERTIALER),
        )
        return super().get_context_data(
            **bilde, aar=aar, kan_vurdere=self.kan_rapportere and aar == self.brev.aar, **kwargs
        )


class RisikovurderingCreateView(BrevVirksomhetMixin, CreateView):
    """A new assessment by the agency's reporter or approver."""

    action = Action.REPORT
    model = Risikovurdering
    form_class = RisikovurderingForm
    template_name = "styring/risiko_skjema.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Risikovurdering(virksomhet=self.virksomhet, aar=self.brev.aar)
        kwargs["maal_queryset"] = self.letterens_maal()
        return kwargs

    def get_initial(self):
        """Goal and tertial from the link; the previous tertial's values on request."""
        self.kopiert = False
        tertial = _heltall(self.request.GET.get("tertial"), TERTIALER)
        maal = None
        maal_pk = _heltall(self.request.GET.get("maal"), range(1, 2**63))
        if maal_pk:
            maal = self.letterens_maal().filter(pk=maal_pk).first()
        self.valgt_tertial = tertial
        initial = {"maal": maal, "tertial": tertial}
        self.forrige = selectors.forrige_vurdering(
            user=self.request.user,
            virksomhet=self.virksomhet,
            maal=maal,
            aar=self.brev.aar,
            tertial=tertial,
        )
        if self.forrige is not None and self.request.GET.get("kopier"):
            self.kopiert = True
            initial.update({name: getattr(self.forrige, name) for name in VURDERING_FELT})
        return initial

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()  # reads the goal and tertial asked for
        query = self.request.GET.copy()
        query["kopier"] = "1"
        return super().get_context_data(
            forrige=self.forrige,
            kopiert=self.kopiert,
            kopier_url=f"{self.request.path}?{query.urlencode()}",
            avbryt_url=matrise_url(
                self.brev.pk,
                self.virksomhet.kode,
                self.brev.aar,
                self.valgt_tertial or 1,
            ),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = form.save()
        except IntegrityError:
            # Somebody saved the same goal and tertial between our check and the save.
            form.add_error(None, ALREADY_ASSESSED)
            return self.form_invalid(form)
        messages.success(self.request, _("The risk assessment has been saved."))
        return redirect(
            matrise_url(self.brev.pk, self.virksomhet.kode, self.object.aar, self.object.tertial)
        )


class RisikovurderingUpdateView(ScopedObjectMixin, UpdateView):
    """Changes to an assessment; a change saved meanwhile by somebody else is never lost."""

    model = Risikovurdering
    action = Action.REPORT
    form_class = RisikovurderingEndreForm
    template_name = "styring/risiko_skjema.html"
    context_object_name = "vurdering"

    def get_queryset(self):
        queryset = super().get_queryset().select_related("maal", "maal__brev", "virksomhet")
        if self.request.method == "POST":
            # Hold the row while the version is compared and the change saved.
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().post(request, *args, **kwargs)

    def get_success_url(self):
        obj = self.object
        if obj.maal.brev_id is None:  # not made here: only letters' goals are offered
            return obj.virksomhet.get_absolute_url()
        return matrise_url(obj.maal.brev_id, obj.virksomhet.kode, obj.aar, obj.tertial)

    def get_context_data(self, **kwargs):
        obj = self.object
        return super().get_context_data(
            brev=obj.maal.brev,
            virksomhet=obj.virksomhet,
            avbryt_url=self.get_success_url(),
            **kwargs,
        )

    def form_valid(self, form):
        messages.success(self.request, _("The risk assessment has been saved."))
        return super().form_valid(form)


class RisikoHistorikkView(TemplateView):
    """How the risk of one goal moved for one agency, tertial by tertial, year by year."""

    template_name = "styring/risiko_historikk.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.maal = get_object_or_404(
            Maal.objects.for_user(user).filter(brev__isnull=False).select_related("brev"),
            pk=kwargs["maal_pk"],
        )
        self.virksomhet = get_object_or_404(
            Virksomhet.objects.for_user(user).filter(tildelingsbrev=self.maal.brev_id),
            kode=kwargs["kode"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            **selectors.risikohistorikk(user=user, maal=self.maal, virksomhet=self.virksomhet),
            maal=self.maal,
            brev=self.maal.brev,
            virksomhet=self.virksomhet,
            kan_rapportere=permits(user, Action.REPORT, self.virksomhet),
            **kwargs,
        )
