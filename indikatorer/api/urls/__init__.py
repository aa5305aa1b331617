"""API routes of indicators."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from indikatorer.api.views import indikator as views

router = SimpleRouter()
router.register("indikatorer", views.IndikatorViewSet, basename="indikator")
router.register("maalverdier", views.MaalverdiViewSet, basename="maalverdi")
router.register("resultater", views.ResultatViewSet, basename="resultat")

app_name = "indikatorer"

urlpatterns = [*router.urls, path("", include("indikatorer.api.urls.innsending"))]
