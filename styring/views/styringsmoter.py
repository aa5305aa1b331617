"""The steering calendar: one organisation's meetings as a page and as an iCalendar feed,
the meeting page, and the forms for new meetings and for minutes."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from styring import kalender
from styring.access import Action, permits
from styring.forms.styringsmote import StyringsmoteEndreForm, StyringsmoteForm
from styring.models import Styringsmote, Virksomhet
from styring.selectors import styringsmoter as selectors
from styring.views.scoped import ScopedObjectMixin


def visible_virksomhet(user, kode):
    """The organisation ``kode`` if ``user`` may see it, else 404."""
    return get_object_or_404(Virksomhet.objects.for_user(user), kode=kode)


class StyringskalenderView(TemplateView):
    """Upcoming meetings first (soonest first), then past meetings (latest first)."""

    template_name = "styring/styringskalender.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        virksomhet = visible_virksomhet(user, self.kwargs["kode"])
        nokkel = kalender.abonnementsnokkel(user=user, kode=virksomhet.kode)
        url = reverse("styring:styringskalender-ics", args=[virksomhet.kode])
        idag = timezone.localdate()
        return super().get_context_data(
            **selectors.styringskalender(user=user, virksomhet=virksomhet, idag=idag),
            virksomhet=virksomhet,
            abonnement=self.request.build_absolute_uri(f"{url}?{urlencode({'nokkel': nokkel})}"),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class StyringskalenderIcsView(View):
    """The same meetings as the calendar page, as text/calendar.

    Signed-in users get it with their session; calendar programs subscribe with the
    user's personal key (``?nokkel=``), and see exactly what that user may see. So the
    view decides about the login itself: without a session or a key it sends the
    person to the login page.
    """

    def get(self, request, kode):
        user = request.user
        if not user.is_authenticated:
            nokkel = request.GET.get("nokkel", "")
            if not nokkel:
                return redirect_to_login(request.get_full_path())
            user = kalender.bruker_for_nokkel(nokkel=nokkel, kode=kode)
            if user is None:
                raise PermissionDenied
        virksomhet = visible_virksomhet(user, kode)
        body = kalender.calendar(
            selectors.kalendermoter(user=user, virksomhet=virksomhet),
            name=selectors.kalendernavn(virksomhet=virksomhet),
            url_for=lambda mote: request.build_absolute_uri(mote.get_absolute_url()),
        )
        response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"styringskalender-{virksomhet.kode}.ics"
        )
        return response


class StyringsmoteDetailView(ScopedObjectMixin, DetailView):
    model = Styringsmote
    template_name = "styring/styringsmote_detalj.html"
    context_object_name = "mote"

    def get_queryset(self):
        return super().get_queryset().select_related("virksomhet", "brev")

    def get_context_data(self, **kwargs):
        mote = self.object
        return super().get_context_data(
            kan_endre=permits(self.request.user, Action.STEER, mote),
            referat_filnavn=Path(mote.referat_fil.name).name if mote.referat_fil else "",
            **kwargs,
        )


class StyringsmoteCreateView(CreateView):
    """A new meeting of the organisation in the URL: STEER on it is required."""

    model = Styringsmote
    form_class = StyringsmoteForm
    template_name = "styring/styringsmote_skjema.html"

    def dispatch(self, request, *args, **kwargs):
        self.virksomhet = visible_virksomhet(request.user, kwargs["kode"])
        if not permits(request.user, Action.STEER, self.virksomhet):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "virksomhet": self.virksomhet,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(virksomhet=self.virksomhet, **kwargs)

    def form_valid(self, form):
        form.instance.virksomhet = self.virksomhet
        response = super().form_valid(form)
        messages.success(self.request, _("The meeting has been added."))
        return response


class StyringsmoteUpdateView(ScopedObjectMixin, UpdateView):
    """The meeting with its minutes (text and file)."""

    model = Styringsmote
    action = Action.STEER
    form_class = StyringsmoteEndreForm
    template_name = "styring/styringsmote_skjema.html"
    context_object_name = "mote"

    def get_queryset(self):
        return super().get_queryset().select_related("virksomhet")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "virksomhet": self.object.virksomhet,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(virksomhet=self.object.virksomhet, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("The changes have been saved."))
        return response


class StyringsmoteReferatView(ScopedObjectMixin, SingleObjectMixin, View):
    """The minutes file, for those who may see the meeting (media files are not public)."""

    model = Styringsmote

    def get(self, request, *args, **kwargs):
        mote = self.get_object()
        if not mote.referat_fil:
            raise Http404
        try:
            handle = mote.referat_fil.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=Path(mote.referat_fil.name).name)
