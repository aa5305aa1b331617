"""The accessibility statement (tilgjengelighetserklæring): public, no login needed."""

from django.views.generic import TemplateView


class TilgjengelighetView(TemplateView):
    template_name = "styring/tilgjengelighet.html"
