from django.urls import include, path

from indikatorer.views import indikator as views

app_name = "indikatorer"

urlpatterns = [
    path("indikatorer/", views.OversiktView.as_view(), name="indikatorer-oversikt"),
    path("indikatorer/<int:pk>/", views.IndikatorDetailView.as_view(), name="indikator"),
    path("", include("indikatorer.urls.innsending")),
    path("", include("indikatorer.urls.excel")),
    path("", include("indikatorer.urls.skjema")),
    path("", include("indikatorer.urls.dashboard")),
]
