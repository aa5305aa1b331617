import gc

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from styring.audit import request_context
from styring.regneark import TOO_LARGE


class GcFreezeMiddleware:
    """Keep full garbage collections short, so they do not show in answer times.

    A full collection walks every object the collector tracks. In a web process most of
    them (modules, compiled templates, URL patterns, translations) live as long as the
    process and are made at start-up and by the first requests. Freezing them after
    those requests (``gc.freeze``, as Instagram does for its Django servers) leaves them
    out of every later collection: on the city-scale dataset a full collection fell from
    150–170 ms to under 50 ms, and those pauses were the benchmark's p95 outliers.
    """

    FRYS_ETTER = (1, 10, 100)
    antall = 0  # requests of this process, across middleware instances

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        GcFreezeMiddleware.antall += 1
        if GcFreezeMiddleware.antall in self.FRYS_ETTER:
            gc.collect()
            gc.freeze()
        return response


class RequestSizeMiddleware:
    """Refuse a request body over ``MAKS_OPPLASTING_MB`` before anything reads it (413).

    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files, and
    DRF reads a JSON body whole; the declared length is checked here for both. A body
    without a declared length is not read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAKS_OPPLASTING_MB * 2**20:
            message = str(TOO_LARGE) % {"mb": settings.MAKS_OPPLASTING_MB}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


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
