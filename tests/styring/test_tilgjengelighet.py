"""The accessibility statement: public, in bokmål, linked from every page's footer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_statement_is_public_and_says_what_it_must(client):
    response = client.get(reverse("styring:tilgjengelighet"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nb">' in page
    assert "<h1>Tilgjengelighetserklæring for Etatsstyring</h1>" in page
    # Conformance status, the standard, known deviations, feedback and the authority.
    assert "delvis i samsvar" in page
    assert "WCAG 2.1" in page
    assert "Kjente avvik" in page
    assert "Gi oss beskjed" in page
    assert 'href="https://www.uutilsynet.no/"' in page
    assert '<time datetime="2026-11-24">24.11.2026</time>' in page


def test_every_page_links_to_the_statement_from_the_footer(client, users):
    url = reverse("styring:tilgjengelighet")
    login = client.get(reverse("styring:login")).content.decode()
    footer = login.split('<footer class="bunn">', 1)[1]
    assert f'href="{url}"' in footer
    client.force_login(users["bfe_leser"])
    home = client.get(reverse("styring:forside")).content.decode()
    assert f'href="{url}"' in home.split('<footer class="bunn">', 1)[1]
    # Signed in, the statement is the same page (and no 404 for any role).
    assert client.get(url).status_code == 200
