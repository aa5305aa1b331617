"""Routes of the monthly reports' dashboards."""

from django.urls import path

from indikatorer.views.dashboard import DashboardView

urlpatterns = [
    path("dashboard/<str:kode>/", DashboardView.as_view(), name="dashboard"),
]
