"""API routes of assignments."""

from rest_framework.routers import SimpleRouter

from oppdrag.api import views

router = SimpleRouter()
router.register("oppdrag", views.OppdragViewSet, basename="api-oppdrag")
router.register("statusendringer", views.StatusendringViewSet, basename="api-statusendring")

urlpatterns = router.urls
