"""Routes of the budget API."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from budsjett.api import views

router = SimpleRouter()
router.register("kapitler", views.KapittelViewSet, basename="kapittel")
router.register("budsjettlinjer", views.BudsjettlinjeViewSet, basename="budsjettlinje")
router.register("budsjettendringer", views.BudsjettendringViewSet, basename="budsjettendring")
router.register("investeringer", views.InvesteringViewSet, basename="investering")
router.register("budsjettrapporter", views.BudsjettrapportViewSet, basename="budsjettrapport")
router.register("regnskap", views.RegnskapViewSet, basename="regnskap")
router.register("prognoser", views.PrognoseViewSet, basename="prognose")

app_name = "budsjett"

urlpatterns = [
    path("budsjettoppfolging/", views.OppfolgingView.as_view(), name="budsjettoppfolging"),
    *router.urls,
]
