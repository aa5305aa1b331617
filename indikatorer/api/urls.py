"""API routes of indicators."""

from rest_framework.routers import SimpleRouter

from indikatorer.api import views

router = SimpleRouter()
router.register("indikatorer", views.IndikatorViewSet, basename="api-indikator")
router.register("maalverdier", views.MaalverdiViewSet, basename="api-maalverdi")
router.register("resultater", views.ResultatViewSet, basename="api-resultat")

urlpatterns = router.urls
