"""Routes of the risk assessments."""

urlpatterns = []
