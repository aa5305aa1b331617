"""Routes of the risk assessments."""

from django.urls import path

from styring.views.risiko import (
    RisikoHistorikkView,
    RisikoMatriseView,
    RisikovurderingCreateView,
    RisikovurderingUpdateView,
)

urlpatterns = [
    path(
        "brev/<int:brev_pk>/risiko/<str:kode>/",
        RisikoMatriseView.as_view(),
        name="risiko-matrise",
    ),
    path(
        "brev/<int:brev_pk>/risiko/<str:kode>/ny/",
        RisikovurderingCreateView.as_view(),
        name="risiko-ny",
    ),
    path("risiko/<int:pk>/endre/", RisikovurderingUpdateView.as_view(), name="risiko-endre"),
    path(
        "risiko/maal/<int:maal_pk>/<str:kode>/",
        RisikoHistorikkView.as_view(),
        name="risiko-historikk",
    ),
]
