"""API routes of assignments."""

from rest_framework.routers import SimpleRouter

from oppdrag.api import views

router = SimpleRouter()
router.register("oppdrag", views.OppdragViewSet, basename="oppdrag")
router.register("statusendringer", views.StatusendringViewSet, basename="statusendring")

app_name = "oppdrag"

urlpatterns = router.urls
