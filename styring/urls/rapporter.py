"""Routes of the report pages."""

from django.urls import path

from styring.views import rapporter as views

urlpatterns = [
    path("rapporter/", views.RapportOversiktView.as_view(), name="rapporter"),
    path(
        "rapporter/fil/<int:pk>/<str:format>/",
        views.RapportFilView.as_view(),
        name="rapport-fil",
    ),
    path("rapporter/<str:kode>/", views.RapportSideView.as_view(), name="rapporter-virksomhet"),
    path("rapporter/<str:kode>/jobber/", views.JobberView.as_view(), name="rapporter-jobber"),
    path(
        "rapporter/<str:kode>/forhaandsvisning/",
        views.ForhandsvisningView.as_view(),
        name="rapporter-forhaandsvisning",
    ),
]
