"""Every route either needs a login or is on a short, deliberate list of public ones.

The login rule is Django's ``LoginRequiredMiddleware``: a page is public only when its
view is marked ``login_not_required``. The API is exempt as a whole (DRF marks every
``APIView``) and answers 401/403 JSON itself.
"""

from urllib.parse import urlencode

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PUBLIC = {"styring:login", "styring:helse", "api:token", "styring:tilgjengelighet"}
POST_ONLY = {"styring:logout"}
# The pages marked ``login_not_required``: the subscription feed decides itself (a
# session or a signed key, else the login page); logging out needs no session.
PUBLIC_VIEWS = {
    "styring:login",
    "styring:logout",
    "styring:helse",
    "styring:tilgjengelighet",
    "styring:styringskalender-ics",
}
# The schema and its viewer answer in their own formats (YAML, HTML).
DOCUMENTATION = {"api:schema", "api:docs"}
SAMPLE_KWARGS = {"kode": "BFE", "format": "json", "del": "maal"}


def named_routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from named_routes(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def sample_url(name, pattern):
    kwargs = {k: SAMPLE_KWARGS.get(k, "1") for k in pattern.pattern.regex.groupindex}
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def test_every_named_route_requires_login_unless_public(client, virksomheter):
    checked = 0
    for name, pattern in named_routes():
        if name.startswith("admin:") or name in PUBLIC | POST_ONLY:
            continue
        url = sample_url(name, pattern)
        if url is None:
            continue
        response = client.get(url)
        assert response.status_code in (302, 401, 403), f"{name} ({url}) is open to anonymous users"
        if response.status_code == 302:
            assert "/logg-inn/" in response.url, f"{name} redirects elsewhere than login"
        checked += 1
    assert checked >= 8


def test_only_the_listed_pages_are_marked_public():
    marked = {
        name
        for name, pattern in named_routes()
        if not name.startswith(("admin:", "api:"))
        and not getattr(pattern.callback, "login_required", True)
    }
    assert marked == PUBLIC_VIEWS


def test_an_anonymous_page_request_goes_to_the_login_page_and_back(client, users):
    for name, pattern in named_routes():
        if name.startswith(("admin:", "api:")) or name in PUBLIC_VIEWS:
            continue
        url = sample_url(name, pattern)
        if url is None:
            continue
        response = client.get(url, {"aar": "2026"})
        assert response.status_code == 302, name
        assert response.url == reverse("styring:login") + "?" + urlencode(
            {"next": f"{url}?aar=2026"}, safe="/"
        ), name

    response = client.post(
        reverse("styring:login") + "?" + urlencode({"next": "/brev/?aar=2026"}, safe="/"),
        {"username": "bfe-leser", "password": "et-langt-testpassord-2026"},
    )
    assert response.status_code == 302
    assert response.url == "/brev/?aar=2026"


def test_the_api_answers_anonymous_requests_itself_in_json(client, virksomheter):
    checked = 0
    for name, pattern in named_routes():
        if not name.startswith("api:") or name in PUBLIC:
            continue
        # DRF exempts every API view from the login middleware, in one place.
        assert pattern.callback.login_required is False, name
        url = sample_url(name, pattern)
        if url is None:
            continue
        response = client.get(url)
        assert response.status_code in (401, 403), f"{name} ({url}): {response.status_code}"
        if name in DOCUMENTATION:
            continue
        assert response["Content-Type"].startswith("application/json"), name
        assert "detail" in response.json(), name
        checked += 1
    assert checked > 40


def test_addresses_nobody_serves_are_404_also_without_login(client):
    assert client.get("/finnes-ikke/").status_code == 404
    response = client.get("/api/finnes-ikke/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_logging_out_without_a_session_ends_on_the_login_page(client):
    response = client.post(reverse("styring:logout"))
    assert response.status_code == 302
    assert response.url == reverse("styring:login")
