"""The steering calendar as iCalendar (RFC 5545), written by hand: no runtime dependency.

Meetings with only a date become all-day events (``VALUE=DATE``, the end being the next
day). Meetings with a start time are converted from Oslo time to UTC, so the feed
needs no VTIMEZONE and calendar programs show them in the reader's own time zone.
"""

import datetime
import re

from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import capfirst

from styring.models import Styringsmote

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//Oslo kommune//Etatsstyring//NB"

# TEXT may hold no control characters but HTAB (and the newlines escaped below).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(value):
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    value = _CONTROL.sub("", str(value))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """Fold a content line into lines of at most 75 octets, never inside a UTF-8 character.

    Each continuation line starts with one space, which counts towards its 75 octets.
    """
    parts, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def format_date(value):
    return value.strftime("%Y%m%d")


def format_utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def local_datetime(dato, tid):
    """A local (Oslo) date and time as an aware datetime, daylight saving included."""
    return datetime.datetime.combine(dato, tid, tzinfo=timezone.get_default_timezone())


def summary(mote):
    return f"{mote.get_type_display()} – {mote.virksomhet.navn}"


def description(mote):
    """The theme, then the agenda items as a list."""
    parts = []
    if mote.tema.strip():
        parts.append(mote.tema.strip())
    if mote.sakliste:
        label = capfirst(Styringsmote._meta.get_field("saker").verbose_name)
        parts.append(f"{label}:\n" + "\n".join(f"- {sak}" for sak in mote.sakliste))
    return "\n\n".join(parts)


def event_lines(mote, url, stamp):
    lines = [
        "BEGIN:VEVENT",
        f"UID:styringsmote-{mote.pk}@etatsstyring",
        f"DTSTAMP:{format_utc(stamp)}",
    ]
    if mote.start is None:
        lines += [
            f"DTSTART;VALUE=DATE:{format_date(mote.dato)}",
            f"DTEND;VALUE=DATE:{format_date(mote.dato + datetime.timedelta(days=1))}",
        ]
    else:
        lines.append(f"DTSTART:{format_utc(local_datetime(mote.dato, mote.start))}")
        if mote.slutt is not None and mote.slutt > mote.start:
            lines.append(f"DTEND:{format_utc(local_datetime(mote.dato, mote.slutt))}")
    lines.append(f"SUMMARY:{escape_text(summary(mote))}")
    text = description(mote)
    if text:
        lines.append(f"DESCRIPTION:{escape_text(text)}")
    if mote.sted.strip():
        lines.append(f"LOCATION:{escape_text(mote.sted.strip())}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(moter, *, name, url_for=None, now=None):
    """The iCalendar text (a str with CRLF line endings) of ``moter``.

    ``moter`` should have ``virksomhet`` selected; ``url_for(mote)`` gives the absolute
    address of a meeting's page; ``now`` (default: ``timezone.now()``) is the DTSTAMP.
    """
    stamp = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for mote in moter:
        lines += event_lines(mote, url_for(mote) if url_for else None, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


# A subscription address works without a session, so a calendar program can fetch it.
# It names one user and one organisation, and stops working when the user's password
# changes (as Django's password-reset links do) or the account is deactivated.
SUBSCRIPTION_SALT = "styring.kalender.abonnement"


def _password_marker(user):
    return salted_hmac(SUBSCRIPTION_SALT, user.password).hexdigest()[:16]


def abonnementsnokkel(*, user, kode):
    """The signed key of ``user``'s personal subscription address for ``kode``."""
    return signing.dumps(
        {"u": user.pk, "k": kode, "p": _password_marker(user)},
        salt=SUBSCRIPTION_SALT,
        compress=True,
    )


def bruker_for_nokkel(*, nokkel, kode):
    """The active user a subscription key was made for, or None if it is not valid."""
    from styring.models import Bruker

    try:
        data = signing.loads(nokkel, salt=SUBSCRIPTION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") != kode:
        return None
    user = Bruker.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(data.get("p", ""), _password_marker(user)):
        return None
    return user
