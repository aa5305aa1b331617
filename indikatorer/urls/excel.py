"""Routes of a submission in Excel: the template and the upload of it filled in."""

from django.urls import path

from indikatorer.views import excel as views_excel

urlpatterns = [
    path(
        "rapportering/<int:pk>/excel/",
        views_excel.MalView.as_view(),
        name="innsending-excel-mal",
    ),
    path(
        "rapportering/<int:pk>/excel/opplasting/",
        views_excel.OpplastingView.as_view(),
        name="innsending-excel-opplasting",
    ),
]
