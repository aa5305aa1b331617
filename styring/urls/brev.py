"""Routes of the letters: list, letter page, forms, next year, diff, rød tråd."""

from django.urls import path

from styring.views import brev, brevskjema

urlpatterns = [
    path("brev/", brev.BrevListView.as_view(), name="brev-liste"),
    path("brev/ny/", brevskjema.BrevCreateView.as_view(), name="brev-ny"),
    path("brev/<int:pk>/", brev.BrevDetailView.as_view(), name="brev"),
    path("brev/<int:pk>/endre/", brevskjema.BrevUpdateView.as_view(), name="brev-endre"),
    path("brev/<int:pk>/utsted/", brev.UtstedView.as_view(), name="brev-utsted"),
    path("brev/<int:pk>/supplerende/", brev.SupplerendeView.as_view(), name="brev-supplerende"),
    path("brev/<int:pk>/neste-aar/", brev.NesteAarView.as_view(), name="brev-neste-aar"),
    path("brev/<int:pk>/sammenlign/", brev.SammenlignView.as_view(), name="brev-sammenlign"),
    path("brev/<int:pk>/rod-traad/", brev.RodTraadView.as_view(), name="brev-rod-traad"),
    path("brev/<int:pk>/<slug:del>/ny/", brevskjema.BrevdelCreateView.as_view(), name="brevdel-ny"),
    path(
        "brev/<slug:del>/<int:pk>/endre/",
        brevskjema.BrevdelUpdateView.as_view(),
        name="brevdel-endre",
    ),
    path(
        "brev/<slug:del>/<int:pk>/slett/",
        brevskjema.BrevdelDeleteView.as_view(),
        name="brevdel-slett",
    ),
]
