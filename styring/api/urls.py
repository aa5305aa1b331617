from rest_framework.routers import SimpleRouter

from styring.api import rapporter, views

router = SimpleRouter()
router.register("virksomheter", views.VirksomhetViewSet, basename="api-virksomhet")
router.register("brev", views.BrevViewSet, basename="api-brev")
router.register("maal", views.MaalViewSet, basename="api-maal")
router.register("foringer", views.ForingViewSet, basename="api-foring")
router.register(
    "rapporteringskrav", views.RapporteringskravViewSet, basename="api-rapporteringskrav"
)
router.register("styringsmoter", views.StyringsmoteViewSet, basename="api-styringsmote")
router.register("risikovurderinger", views.RisikovurderingViewSet, basename="api-risikovurdering")
router.register("rapporter", rapporter.RapportViewSet, basename="api-rapport")
router.register("rapportjobber", rapporter.RapportjobbViewSet, basename="api-rapportjobb")

urlpatterns = router.urls
