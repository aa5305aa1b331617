"""Security headers (a strict Content Security Policy, no caching of pages behind login)
and upload limits. The production settings themselves: tests/config/test_settings.py."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budsjett.models import Regnskap
from indikatorer.models.rapportering import Verdi
from styring.regneark import MAKS_BYTES
from tests.indikatorer.test_excel import xml_bomb_workbook


def test_pages_carry_a_strict_content_security_policy(users, client_for):
    response = client_for(users["bfe_rapportor"]).get(reverse("styring:forside"))
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
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    script = re.search(r'<script src="([^"]*\?script=[^"]*)"', response.text)
    assert client.get(script.group(1).replace("&amp;", "&")).status_code == 200


# Uploads: the Excel imports refuse files over their limit in Norwegian, and nothing at all
# is read beyond the upload limit.

XLSX_LIMIT_MB = MAKS_BYTES // 2**20


def import_url(kind, feb):
    if kind == "innsending":
        return reverse("indikatorer:innsending-excel-opplasting", args=[feb.pk])
    return reverse("budsjett:budsjett-regnskap-import", args=["BFE", 2026])


def saved_numbers():
    return Verdi.objects.count() + Regnskap.objects.count()


@pytest.mark.parametrize("kind", ["innsending", "regnskap"])
def test_an_oversized_excel_upload_is_refused_in_norwegian_and_changes_nothing(
    users, client_for, feb, kind
):
    oversized = SimpleUploadedFile("stor.xlsx", b"PK\x03\x04" + b"\0" * MAKS_BYTES)
    response = client_for(users["bfe_rapportor"]).post(import_url(kind, feb), {"fil": oversized})
    assert response.status_code == 400
    assert f"Filen er større enn {XLSX_LIMIT_MB} MB." in response.text
    assert saved_numbers() == 0
    feb.refresh_from_db()
    assert feb.versjon == 0


def test_an_xml_bomb_upload_is_refused_in_norwegian_and_changes_nothing(users, client_for, feb):
    bomb = SimpleUploadedFile("belegg.xlsx", xml_bomb_workbook())
    response = client_for(users["bfe_rapportor"]).post(import_url("innsending", feb), {"fil": bomb})
    assert response.status_code == 400
    assert "Filen er ikke en Excel-arbeidsbok (.xlsx)." in response.text
    assert saved_numbers() == 0


def test_a_request_over_the_upload_limit_is_refused_before_it_is_read(
    users, client_for, api_for, feb, settings
):
    settings.MAKS_OPPLASTING_MB = 1
    page = client_for(users["bfe_rapportor"]).post(
        import_url("innsending", feb),
        {"fil": SimpleUploadedFile("belegg.xlsx", b"PK\x03\x04" + b"\0" * 2**20)},
    )
    assert page.status_code == 413
    assert "Filen er større enn 1 MB." in page.text
    api = api_for(users["bfe_rapportor"]).post(
        reverse("api:indikatorer:innsending-verdier", args=[feb.pk]),
        {"versjon": 0, "verdier": [{"felt": "liggedogn", "rad": "x" * 100, "verdi": "1"}] * 9000},
        format="json",
    )
    assert api.status_code == 413
    assert api.json() == {"detail": "Filen er større enn 1 MB."}
    assert saved_numbers() == 0


def test_the_first_requests_freeze_long_lived_objects_out_of_garbage_collection(
    users, client_for, monkeypatch
):
    from styring import middleware

    frozen_after = []
    monkeypatch.setattr(middleware.GcFreezeMiddleware, "antall", 0)
    monkeypatch.setattr(middleware.gc, "collect", lambda: None)
    monkeypatch.setattr(
        middleware.gc, "freeze", lambda: frozen_after.append(middleware.GcFreezeMiddleware.antall)
    )
    client = client_for(users["set_styrer"])
    for _ in range(12):
        assert client.get("/").status_code == 200
    assert frozen_after == [1, 10]  # and once more after the 100th
