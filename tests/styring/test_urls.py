"""Every route either needs a login or is on a short, deliberate list of public ones."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "helse", "api-token", "tilgjengelighet"}
POST_ONLY = {"logout"}
SAMPLE_KWARGS = {"kode": "BFE", "format": "json", "del": "maal"}


def named_routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from named_routes(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def test_every_named_route_requires_login_unless_public(client, virksomheter):
    from django.urls import NoReverseMatch, reverse

    checked = 0
    for name, pattern in named_routes():
        if name.startswith("admin:") or name in PUBLIC | POST_ONLY:
            continue
        kwargs = {k: SAMPLE_KWARGS.get(k, "1") for k in pattern.pattern.regex.groupindex}
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        response = client.get(url)
        assert response.status_code in (302, 401, 403), f"{name} ({url}) is open to anonymous users"
        if response.status_code == 302:
            assert "/logg-inn/" in response.url, f"{name} redirects elsewhere than login"
        checked += 1
    assert checked >= 8
