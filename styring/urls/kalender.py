"""Routes of the steering calendar: meetings and the iCalendar feed."""

from django.urls import path

from styring.views.styringsmoter import (
    StyringskalenderIcsView,
    StyringskalenderView,
    StyringsmoteCreateView,
    StyringsmoteDetailView,
    StyringsmoteReferatView,
    StyringsmoteUpdateView,
)

urlpatterns = [
    path(
        "virksomheter/<str:kode>/styringskalender/",
        StyringskalenderView.as_view(),
        name="styringskalender",
    ),
    path(
        "virksomheter/<str:kode>/styringskalender.ics",
        StyringskalenderIcsView.as_view(),
        name="styringskalender-ics",
    ),
    path(
        "virksomheter/<str:kode>/styringskalender/ny/",
        StyringsmoteCreateView.as_view(),
        name="styringsmote-ny",
    ),
    path("styringsmoter/<int:pk>/", StyringsmoteDetailView.as_view(), name="styringsmote"),
    path(
        "styringsmoter/<int:pk>/endre/",
        StyringsmoteUpdateView.as_view(),
        name="styringsmote-endre",
    ),
    path(
        "styringsmoter/<int:pk>/referat/",
        StyringsmoteReferatView.as_view(),
        name="styringsmote-referat",
    ),
]
