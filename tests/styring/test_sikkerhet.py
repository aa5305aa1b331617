"""Security headers: a strict Content Security Policy, no caching of pages behind login."""

import re

from django.urls import reverse


def test_pages_carry_a_strict_content_security_policy(users, client_for):
    response = client_for(users["bfe_rapportor"]).get(reverse("forside"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["Cache-Control"] == "no-store"
    # No inline script anywhere in the page: the policy would block it.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)


def test_the_api_documentation_works_under_the_policy(users, client_for):
    client = client_for(users["set_styrer"])
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    script = re.search(r'<script src="([^"]*\?script=[^"]*)"', response.text)
    assert client.get(script.group(1).replace("&amp;", "&")).status_code == 200
