"""Routes of periodic reporting: submissions, their forms and the overview."""

from django.urls import path

from indikatorer.views import innsending as views

urlpatterns = [
    path("rapportering/", views.InnsendingListeView.as_view(), name="innsendinger"),
    path("rapportering/oversikt/", views.OversiktView.as_view(), name="innsending-oversikt"),
    path("rapportering/<int:pk>/", views.InnsendingView.as_view(), name="innsending"),
    path(
        "rapportering/<slug:skjema>/<slug:virksomhet>/<int:aar>/<int:maaned>/",
        views.NyInnsendingView.as_view(),
        name="innsending-ny",
    ),
]
