from django.urls import path

from indikatorer import views

urlpatterns = [
    path("indikatorer/", views.OversiktView.as_view(), name="indikatorer-oversikt"),
    path("indikatorer/<int:pk>/", views.IndikatorDetailView.as_view(), name="indikator"),
]
