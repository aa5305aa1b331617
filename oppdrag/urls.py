from django.urls import path

from oppdrag import views

app_name = "oppdrag"

urlpatterns = [
    path("oppdrag/", views.OversiktView.as_view(), name="oppdrag-oversikt"),
    path("oppdrag/eksport.<str:format>", views.EksportView.as_view(), name="oppdrag-eksport"),
    path("oppdrag/<int:pk>/", views.OppdragDetailView.as_view(), name="oppdrag"),
    path("oppdrag/<int:pk>/status/", views.StatusView.as_view(), name="oppdrag-status"),
    path(
        "oppdrag/<int:pk>/statusrapport/",
        views.StatusrapportView.as_view(),
        name="oppdrag-statusrapport",
    ),
    path("oppdrag/<int:pk>/leveranse/", views.LeveranseView.as_view(), name="oppdrag-leveranse"),
    path("oppdrag/<int:pk>/frist/", views.FristView.as_view(), name="oppdrag-frist"),
    path(
        "oppdrag/leveranse/<int:pk>/fil/",
        views.LeveransefilView.as_view(),
        name="oppdrag-leveransefil",
    ),
]
