"""API routes of periodic reporting."""

from rest_framework.routers import SimpleRouter

from indikatorer.api import views_innsending

router = SimpleRouter()
router.register(
    "rapporteringsskjema", views_innsending.SkjemaViewSet, basename="api-rapporteringsskjema"
)
router.register("innsendinger", views_innsending.InnsendingViewSet, basename="api-innsending")

urlpatterns = router.urls
