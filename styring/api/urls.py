from rest_framework.routers import SimpleRouter

from styring.api.views import VirksomhetViewSet

router = SimpleRouter()
router.register("virksomheter", VirksomhetViewSet, basename="api-virksomhet")

urlpatterns = router.urls
