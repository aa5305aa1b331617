"""Pages of the allocation letter: list, the letter itself, rød tråd, next year, diff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from styring import brevdiff, brevtjenester, registries
from styring.access import Action, permits
from styring.letter import maaltre
from styring.models import Endring, Maal, Tildelingsbrev, Virksomhet
from styring.views.scoped import ScopedObjectMixin


class BrevListView(ListView):
    template_name = "styring/brev/liste.html"
    context_object_name = "brevliste"

    def get_queryset(self):
        letters = (
            Tildelingsbrev.objects.for_user(self.request.user)
            .select_related("utsteder")
            .prefetch_related("mottakere")
        )
        aar = self.request.GET.get("aar", "")
        if aar.isdigit():
            letters = letters.filter(aar=int(aar))
        mottaker = self.request.GET.get("mottaker", "")
        if mottaker:
            letters = letters.filter(mottakere__kode=mottaker)
        return letters

    def get_context_data(self, **kwargs):
        visible = Tildelingsbrev.objects.for_user(self.request.user)
        return super().get_context_data(
            aar_valg=visible.order_by("-aar").values_list("aar", flat=True).distinct(),
            mottaker_valg=Virksomhet.objects.filter(tildelingsbrev__in=visible)
            .distinct()
            .order_by("navn"),
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
        seksjoner = list(brev.seksjoner.all())
        parts = {}
        for seksjon in seksjoner:
            seksjon.deler = []
            for key in seksjon.innhold:
                part = registries.brevinnhold.get(key)
                if part is None:
                    continue
                if key not in parts:
                    parts[key] = part.hent(brev=brev, user=user)
                seksjon.deler.append((part.template_name, parts[key]))
        shows_attachments = "vedlegg" in parts
        kan_styre = permits(user, Action.STEER, brev)
        return super().get_context_data(
            seksjoner=seksjoner,
            mottakere=list(brev.mottakere.all()),
            vedlegg=None if shows_attachments else list(brev.vedlegg.all()),
            supplerende=list(
                Tildelingsbrev.objects.for_user(user).filter(supplerer=brev).order_by("pk")
            ),
            neste=Tildelingsbrev.objects.for_user(user).filter(forrige=brev).first(),
            forrige=brevtjenester.forrige_aars_brev(brev=brev, user=user),
            kan_styre=kan_styre,
            kan_endre=kan_styre and not brev.er_utstedt,
            endringer=(
                Endring.objects.for_user(user, Action.AUDIT)
                .for_object(brev)
                .select_related("content_type")[:20]
                if permits(user, Action.AUDIT, brev)
                else None
            ),
            **kwargs,
        )


class RodTraadView(BrevMixin, DetailView):
    """Kommunemål → sektormål → tiltak, and what each goal is followed up with."""

    template_name = "styring/brev/rod_traad.html"
    context_object_name = "brev"

    def get_context_data(self, **kwargs):
        brev, user = self.object, self.request.user
        letters = [brev.pk] + list(
            Tildelingsbrev.objects.for_user(user)
            .filter(supplerer=brev, status=Tildelingsbrev.Status.UTSTEDT)
            .values_list("pk", flat=True)
        )
        goals = list(
            Maal.objects.for_user(user).filter(brev__in=letters).select_related("forelder").tre()
        )
        # The letter's goals hang under the municipality's; show those as roots.
        roots = {g.forelder_id: g.forelder for g in goals if g.forelder and not g.forelder.brev_id}
        tree = maaltre(sorted(roots.values(), key=lambda g: (g.rekkefolge, g.pk)) + goals)
        koblinger = {}
        ids = [goal.pk for goal in goals]
        for function in registries.rod_traad:
            for goal_id, items in function(maal_ids=ids, user=user).items():
                koblinger.setdefault(goal_id, []).extend(items)
        for goal in goals:
            goal.koblinger = koblinger.get(goal.pk, [])
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
            fra = brevtjenester.forrige_aars_brev(brev=brev, user=user)
        rows = brevdiff.sammenlign(fra=fra, til=brev) if fra else []
        return super().get_context_data(
            fra=fra,
            forskjeller=rows,
            andre_brev=Tildelingsbrev.objects.for_user(user).exclude(pk=brev.pk),
            **kwargs,
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
        return brevtjenester.utsted(brev=brev)


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
        return brevtjenester.lag_supplerende(brev=brev)


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
        return brevtjenester.lag_neste_aars_brev(brev=brev)
