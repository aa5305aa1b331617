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


# Scripts, styles and images come only from our own static files: nothing inline, no other
# origin. The API documentation (Swagger UI) carries one inline <style> block.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CSP_API_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = CSP_API_DOCS if request.path.startswith("/api/docs/") else CSP
        response.setdefault("Content-Security-Policy", policy)
        return response
