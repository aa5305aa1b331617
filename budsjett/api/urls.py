"""Routes of the budget API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from budsjett.api import views

router = SimpleRouter()
router.register("kapitler", views.KapittelViewSet, basename="api-kapittel")
router.register("budsjettlinjer", views.BudsjettlinjeViewSet, basename="api-budsjettlinje")
router.register("budsjettendringer", views.BudsjettendringViewSet, basename="api-budsjettendring")
router.register("investeringer", views.InvesteringViewSet, basename="api-investering")
router.register("budsjettrapporter", views.BudsjettrapportViewSet, basename="api-budsjettrapport")
router.register("regnskap", views.RegnskapViewSet, basename="api-regnskap")
router.register("prognoser", views.PrognoseViewSet, basename="api-prognose")

urlpatterns = [
    path("budsjettoppfolging/", views.OppfolgingView.as_view(), name="api-budsjettoppfolging"),
    *router.urls,
]
