"""The page of one report in the workflow: its values form, and the buttons to submit,
approve, return and reopen it.

POST ``handling`` (lagre, lever, godkjenn, returner, aapne) with the ``versjon`` the page
showed. A conflict shows the page again with «Somebody else saved first», what was typed
and what is saved now; values the kind refuses show the form again with the errors at
their fields; a refused action says why. Who sees which button is asked of the rule book.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styring.access import Action, permits
from styring.arbeidsflyt import services
from styring.arbeidsflyt.forms import Gjenaapningsskjema, Handlingsskjema
from styring.arbeidsflyt.models import Status
from styring.models import Endring


class ArbeidsflytMixin:
    """Mixed into a page's view. The view supplies the report (``arbeidsflyt_objekt``), its
    values form (``verdiskjema``) and the rows of a conflict (``konfliktrader``)."""

    meldinger = {
        "lagre": _("The values have been saved."),
        "lever": _("It has been submitted."),
        "godkjenn": _("It has been approved."),
        "returner": _("It has been returned."),
        "aapne": _("The period has been reopened."),
    }
    # Said above the submit button: what submitting does.
    levertekst = ""
    # The column headings of a conflict's rows: the names of a value, then theirs and mine.
    konfliktkolonner = ()

    def arbeidsflyt_objekt(self):
        """The report: saved, or not saved yet (its first save creates it); 404 outside
        the user's scope."""
        raise NotImplementedError

    def verdiskjema(self, objekt, data=None):
        """The values form of ``objekt`` (a ``styring.arbeidsflyt.forms.Verdiskjema``)."""
        raise NotImplementedError

    def konfliktrader(self, skjema, deres):
        """Rows {navn: [...], mine, deres} for the values typed in ``skjema`` that differ
        from ``deres`` (what is saved now)."""
        raise NotImplementedError

    def etter_handling(self, objekt):
        return objekt.get_absolute_url()

    # Who may do what now

    def tillatt(self, objekt):
        user, idag = self.request.user, timezone.localdate()
        redigerbar = objekt.redigerbar(idag)
        if objekt.pk is None:
            reporter = objekt.art().rapporterende(objekt)
            return {
                "lagre": redigerbar and permits(user, Action.REPORT, reporter),
                "lever": False,
                "godkjenn": False,
                "returner": False,
                "aapne": False,
            }
        approve = objekt.status in (Status.LEVERT, Status.GODKJENT) or (
            objekt.aapen and objekt.laast(idag)
        )
        approver = approve and permits(user, Action.APPROVE, objekt)
        return {
            "lagre": redigerbar and permits(user, Action.REPORT, objekt),
            # Something must have been saved before it is submitted.
            "lever": redigerbar and objekt.versjon > 0 and permits(user, Action.SUBMIT, objekt),
            "godkjenn": approver and objekt.status == Status.LEVERT,
            "returner": approver and objekt.status in (Status.LEVERT, Status.GODKJENT),
            "aapne": approver and objekt.aapen and objekt.laast(idag),
        }

    def get_context_data(
        self, *, skjema=None, konflikt=None, handlingsfeil=None, handling=None, versjon=None, **kw
    ):
        objekt, user = self.objekt, self.request.user
        skjema = skjema if skjema is not None else self.verdiskjema(objekt)
        may_audit = objekt.pk is not None and permits(user, Action.AUDIT, objekt)
        context = super().get_context_data(**kw)
        context.update(
            objekt=objekt,
            skjema=skjema,
            tillatt=self.tillatt(objekt),
            konflikt=konflikt,
            handlingsfeil=handlingsfeil,
            handling=handling,
            oppsummering=skjema.oppsummering() if skjema.is_bound else [],
            versjon=objekt.versjon if versjon is None else versjon,
            levertekst=self.levertekst,
            endringer=(
                Endring.objects.for_user(user, Action.AUDIT)
                .for_object(objekt)
                .select_related("content_type")[:20]
                if may_audit
                else None
            ),
        )
        return context

    def vis(self, **context):
        return self.render_to_response(self.get_context_data(**context))

    # Actions

    def post(self, request, *args, **kwargs):
        self.objekt = objekt = self.arbeidsflyt_objekt()
        form = Handlingsskjema(request.POST)
        if not form.is_valid():
            return redirect(self.etter_handling(objekt))
        handling = form.valgt()
        if handling == "lagre":
            return self.lagre(objekt)
        if objekt.pk is None:
            raise Http404  # nothing to submit, approve, return or reopen before a save
        versjon, user = form.cleaned_data["versjon"], request.user
        try:
            if handling == "lever":
                services.lever(objekt=objekt, user=user, versjon=versjon)
            elif handling == "godkjenn":
                services.godkjenn(objekt=objekt, user=user, versjon=versjon)
            elif handling == "returner":
                services.returner(
                    objekt=objekt,
                    user=user,
                    kommentar=form.cleaned_data["kommentar"],
                    versjon=versjon,
                )
            elif handling == "aapne":
                grunn, gyldig_til = Gjenaapningsskjema(request.POST).verdier()
                services.gjenaapne(
                    objekt=objekt, user=user, grunn=grunn, gyldig_til=gyldig_til, versjon=versjon
                )
        except services.Samtidighetskonflikt as conflict:
            self.objekt = conflict.naa
            return self.vis(
                konflikt={"melding": conflict.messages[0], "rader": []}, handling=handling
            )
        except ValidationError as error:
            return self.vis(handlingsfeil=error.messages, handling=handling)
        messages.success(request, self.meldinger[handling])
        return redirect(self.etter_handling(objekt))

    def lagre(self, objekt):
        skjema = self.verdiskjema(objekt, data=self.request.POST)
        if not skjema.is_valid():
            return self.vis(skjema=skjema, versjon=objekt.versjon)
        try:
            saved = services.lagre(
                objekt=objekt,
                user=self.request.user,
                raw=skjema.raw(),
                versjon=skjema.lest_versjon(),
            )
        except services.Samtidighetskonflikt as conflict:
            self.objekt = conflict.naa
            return self.vis(
                skjema=skjema,
                konflikt={
                    "melding": conflict.messages[0],
                    "kolonner": self.konfliktkolonner,
                    "rader": self.konfliktrader(skjema, conflict.deres),
                },
                # Saving again overwrites theirs: the person has seen both.
                versjon=conflict.naa.versjon,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                skjema.vis_feil(error.message_dict)
                return self.vis(skjema=skjema, versjon=skjema.lest_versjon())
            return self.vis(
                skjema=skjema, handlingsfeil=error.messages, versjon=skjema.lest_versjon()
            )
        messages.success(self.request, self.meldinger["lagre"])
        return redirect(self.etter_handling(saved))
