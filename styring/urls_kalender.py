"""Routes of the steering calendar: meetings and the iCalendar feed."""

urlpatterns = []
