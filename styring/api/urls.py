from rest_framework.routers import SimpleRouter

from styring.api import rapporter, views

router = SimpleRouter()
router.register("virksomheter", views.VirksomhetViewSet, basename="virksomhet")
router.register("brev", views.BrevViewSet, basename="brev")
router.register("maal", views.MaalViewSet, basename="maal")
router.register("foringer", views.ForingViewSet, basename="foring")
router.register("rapporteringskrav", views.RapporteringskravViewSet, basename="rapporteringskrav")
router.register("styringsmoter", views.StyringsmoteViewSet, basename="styringsmote")
router.register("risikovurderinger", views.RisikovurderingViewSet, basename="risikovurdering")
router.register("rapporter", rapporter.RapportViewSet, basename="rapport")
router.register("rapportjobber", rapporter.RapportjobbViewSet, basename="rapportjobb")

app_name = "styring"

urlpatterns = router.urls
