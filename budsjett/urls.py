"""Routes of the budget pages."""

from django.urls import path

from budsjett import views

app_name = "budsjett"

urlpatterns = [
    path("budsjett/", views.BudsjettListeView.as_view(), name="budsjett"),
    path("budsjett/avvik/", views.AvvikView.as_view(), name="budsjett-avvik"),
    path(
        "budsjett/avvik/eksport.<str:format>",
        views.AvvikEksportView.as_view(),
        name="budsjett-avvik-eksport",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/",
        views.BudsjettView.as_view(),
        name="budsjett-virksomhet",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/eksport.<str:format>",
        views.BudsjettEksportView.as_view(),
        name="budsjett-eksport",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/oppfolging/",
        views.OppfolgingView.as_view(),
        name="budsjett-oppfolging",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/oppfolging/eksport.<str:format>",
        views.OppfolgingEksportView.as_view(),
        name="budsjett-oppfolging-eksport",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/regnskap/import/",
        views.ImportView.as_view(),
        name="budsjett-regnskap-import",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/regnskap/mal.xlsx",
        views.ImportMalView.as_view(),
        name="budsjett-regnskap-mal",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/regnskap/<int:periode>/",
        views.RegnskapView.as_view(),
        name="budsjett-regnskap",
    ),
    path(
        "budsjett/<str:kode>/<int:aar>/prognose/<int:periode>/",
        views.PrognoseView.as_view(),
        name="budsjett-prognose",
    ),
]
