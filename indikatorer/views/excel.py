"""Pages of a submission in Excel: download the template, upload it filled in.

Both need the reporting role on the submission's organisation: outside the user's scope
the submission answers 404, without the role 403. An upload saves everything or
nothing; when it saves nothing the page lists why, row by row.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from indikatorer.imports import lag_mal, les_opplasting
from indikatorer.models.rapportering import Innsending
from styring.access import Action, permits
from styring.arbeidsflyt.services import Samtidighetskonflikt
from styring.regneark import OpplastingFeil

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RapportorMixin:
    """The submission, if the user may report for it (404 outside the scope, else 403)."""

    def innsending(self):
        user = self.request.user
        innsending = get_object_or_404(
            Innsending.objects.for_user(user).select_related("skjema", "virksomhet"),
            pk=self.kwargs["pk"],
        )
        if not permits(user, Action.REPORT, innsending):
            raise PermissionDenied
        return innsending


class MalView(RapportorMixin, View):
    """GET: the submission's Excel template, prefilled with the saved values."""

    def get(self, request, pk):
        innsending = self.innsending()
        name = (
            f"{innsending.skjema.kode}-{innsending.virksomhet.kode}-"
            f"{innsending.periode_fra:%Y-%m}.xlsx"
        ).lower()
        response = HttpResponse(lag_mal(innsending), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class OpplastingView(RapportorMixin, View):
    """POST ``fil`` (and optionally ``versjon``): save the filled-in template."""

    http_method_names = ["post"]

    def post(self, request, pk):
        innsending = self.innsending()
        fil = request.FILES.get("fil")
        if fil is None:
            return self.errors(innsending, [_("Choose a file to upload.")])
        versjon = request.POST.get("versjon")
        try:
            versjon = int(versjon) if versjon not in (None, "") else None
        except ValueError:
            versjon = None
        try:
            les_opplasting(
                innsending=innsending,
                user=request.user,
                fil=fil,
                versjon=versjon,
                idag=timezone.localdate(),
            )
        except OpplastingFeil as error:
            return self.errors(innsending, error.messages)
        except Samtidighetskonflikt as error:
            return self.errors(innsending, error.messages, status=409)
        except ValidationError as error:
            return self.errors(innsending, error.messages)
        messages.success(request, _("The numbers from the file are saved."))
        return HttpResponseRedirect(innsending.get_absolute_url())

    def errors(self, innsending, feil, status=400):
        context = {"innsending": innsending, "feil": feil, "tilbake": innsending.get_absolute_url()}
        return render(
            self.request, "indikatorer/innsending/excel_feil.html", context, status=status
        )
