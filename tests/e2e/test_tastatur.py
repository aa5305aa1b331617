"""A monthly form with the keyboard (tastatur) alone: Tab, typing, Enter and Space.

Focus must move in the order the form reads, be visibly marked and on screen at every
stop, and after a validation error the error summary must be reachable and lead to the
field in error.
"""

import datetime
import re

from django.urls import reverse
from playwright.sync_api import expect

from indikatorer.models.rapportering import Innsending, Institusjon
from tests.conftest import PASSWORD

SEPTEMBER = datetime.date(2026, 9, 1)

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        name: el.getAttribute('aria-label') || el.innerText.trim() || el.value || '',
        marked: el.matches(':focus-visible') && (
            (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== 'none'),
        on_screen: box.width > 0 && box.height > 0 && box.bottom > 0
            && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
    };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab(page):
    """Press Tab and return what has the focus; it must be visibly marked and on screen."""
    page.keyboard.press("Tab")
    focus = focused(page)
    assert focus["marked"], f"the focus is not visibly marked: {focus}"
    assert focus["on_screen"], f"the focused element is off screen: {focus}"
    return focus


def tab_to(page, name, limit=40):
    """Tab until the focus is on the element named ``name``; returns the stops on the way."""
    stops = []
    for _ in range(limit):
        stops.append(tab(page)["name"])
        if stops[-1] == name:
            return stops
    raise AssertionError(f"{name!r} was not reached with Tab; the stops were {stops}")


def skip_to_content(page):
    """The first Tab reaches the skip link; Enter on it moves the focus into <main>."""
    assert tab(page)["name"] == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def retype(page, text):
    """Replace the focused field's text, as a person does: select all, then type."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_a_monthly_form_with_the_keyboard_alone(demo, users, person):
    rapportor = person("bfe-rapportor")
    page = rapportor.goto("/logg-inn/")

    # Log in: the username field has the focus from the start (autofocus).
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(users["bfe_rapportor"].username)
    assert tab(page)["tag"] == "input"
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    assert tab(page)["name"] == "Logg inn"
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text("BFE (rapportør)")
    rapportor.step("innlogget")

    innsending = Innsending.objects.get(
        skjema__kode="belegg", virksomhet__kode="BFE", periode_fra=SEPTEMBER
    )
    institusjoner = list(Institusjon.objects.filter(virksomhet__kode="BFE"))
    assert institusjoner[0].type == Institusjon.Type.AKUTT
    fields = ["Belagte liggedøgn", "Barn i institusjonen ved månedens slutt", "Kommentar"]
    reading_order = [f"{i.navn}, {f}" for i in institusjoner for f in fields]
    bed_days = reading_order[0]

    page.goto(reverse("indikatorer:innsending", args=[innsending.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("september 2026")

    # The skip link jumps past the menu into the page's content.
    skip_to_content(page)
    rapportor.step("hopp-til-innhold")

    # Through the table: row by row, field by field, as it reads.
    assert tab_to(page, bed_days) == ["Rapportering", bed_days]
    retype(page, "600")  # more than 17 places × 30 days
    stops = [bed_days, *tab_to(page, "Lagre")]
    assert stops == [*reading_order, "Lagre"], stops
    rapportor.step("fylt-ut")
    page.keyboard.press("Space")

    # The error summary is announced (role=alert) and is the first thing after the skip
    # link and the way back; its link leads to the field.
    expect(page.get_by_role("alert")).to_contain_text("17 × 30 = 510")
    skip_to_content(page)
    assert tab(page)["name"] == "Rapportering"
    link = tab(page)
    assert link["tag"] == "a", link
    assert "17 × 30 = 510" in link["name"], link
    rapportor.step("feiloppsummering")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#v-liggedogn-"))
    # Following the link puts the focus in the field, visibly, marked as invalid.
    focus = focused(page)
    assert focus["name"] == bed_days, focus
    assert focus["marked"], focus
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    retype(page, "450")
    rapportor.step("rettet")
    tab_to(page, "Lagre")
    page.keyboard.press("Enter")

    expect(page.locator(".meldinger[role=status]")).to_have_text("Tallene er lagret.")
    expect(page.get_by_label(bed_days)).to_have_value("450")
    numbers = page.get_by_role("table", name=innsending.skjema.navn, exact=True)
    expect(numbers).to_contain_text("88,2 %")
    rapportor.step("lagret")
