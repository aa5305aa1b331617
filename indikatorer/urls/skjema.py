"""Routes where department staff define reporting obligations."""

from django.urls import path

from indikatorer.views import skjema as views

urlpatterns = [
    path("rapportering/krav/", views.SkjemaListeView.as_view(), name="skjemaer"),
    path("rapportering/krav/nytt/", views.SkjemaRedigerView.as_view(), name="skjema-ny"),
    path("rapportering/krav/<slug:kode>/", views.SkjemaDetailView.as_view(), name="skjema"),
    path(
        "rapportering/krav/<slug:kode>/endre/",
        views.SkjemaRedigerView.as_view(),
        name="skjema-endre",
    ),
]
