"""Long lists are shown a page at a time, so a page costs the same after ten years."""

from django.core.paginator import Paginator

PER_SIDE = 50


def side_av(request, rows, *, per_side=PER_SIDE, antall=None, parameter="side"):
    """The page of ``rows`` that ``request`` asks for; a wrong page number gives the
    nearest real page rather than an error. ``antall``, when the caller has counted the
    rows already, saves the paginator's own count."""
    paginator = Paginator(rows, per_side)
    if antall is not None:
        paginator.count = antall  # a cached property: setting it skips the query
    return paginator.get_page(request.GET.get(parameter))
