from styring.audit import request_context


class RequestContextMiddleware:
    """Make the current request known to the audit trail, and keep pages out of caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages behind login hold data of one organisation: never store them.
            response.setdefault("Cache-Control", "no-store")
        return response
