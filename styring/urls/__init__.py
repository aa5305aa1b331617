from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, reverse_lazy

from styring.forms import InnloggingForm
from styring.views.forside import ForsideView
from styring.views.helse import helse
from styring.views.oversikt import AvdelingsoversiktView
from styring.views.tilgjengelighet import TilgjengelighetView
from styring.views.virksomheter import (
    VirksomhetDetailView,
    VirksomhetListView,
    VirksomhetUpdateView,
)

app_name = "styring"

urlpatterns = [
    path("", ForsideView.as_view(), name="forside"),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(
            template_name="styring/logg_inn.html",
            authentication_form=InnloggingForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    # Logging out needs no session: one that has expired already ends on the login page.
    path("logg-ut/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "passord/",
        auth_views.PasswordChangeView.as_view(
            template_name="styring/passord.html",
            success_url=reverse_lazy("styring:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "passord/endret/",
        auth_views.PasswordChangeDoneView.as_view(template_name="styring/passord_endret.html"),
        name="password_change_done",
    ),
    path("virksomheter/", VirksomhetListView.as_view(), name="virksomhet-liste"),
    path("virksomheter/<str:kode>/", VirksomhetDetailView.as_view(), name="virksomhet"),
    path(
        "virksomheter/<str:kode>/endre/",
        VirksomhetUpdateView.as_view(),
        name="virksomhet-endre",
    ),
    path("helse/", helse, name="helse"),
    path("tilgjengelighet/", TilgjengelighetView.as_view(), name="tilgjengelighet"),
    path("oversikt/", AvdelingsoversiktView.as_view(), name="avdelingsoversikt"),
    path("", include("styring.urls.brev")),
    path("", include("styring.urls.kalender")),
    path("", include("styring.urls.risiko")),
    path("", include("styring.urls.rapporter")),
]
