from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from styring.api.views import TokenView

api_patterns = [
    path("", include("styring.api.urls")),
    path("", include("oppdrag.api.urls")),
    path("", include("indikatorer.api.urls")),
    path("", include("budsjett.api.urls")),
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", include("styring.urls")),
    path("", include("oppdrag.urls")),
    path("", include("indikatorer.urls")),
    path("", include("budsjett.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]

# Under /api/ an address nobody serves, or an error, answers JSON like the rest of the API.
handler404 = "styring.api.views.not_found"
handler500 = "styring.api.views.server_error"
