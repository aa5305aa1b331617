"""API routes of periodic reporting."""

from rest_framework.routers import SimpleRouter

from indikatorer.api.views import innsending as views_innsending

router = SimpleRouter()
router.register(
    "rapporteringsskjema", views_innsending.SkjemaViewSet, basename="rapporteringsskjema"
)
router.register("innsendinger", views_innsending.InnsendingViewSet, basename="innsending")

urlpatterns = router.urls
