"""The steering calendar: pages in scope, the iCalendar feed, and the meeting forms."""

import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styring import kalender
from styring.models import Styringsmote

OSLO = ZoneInfo("Europe/Oslo")
BUFDIR_DATES = [
    datetime.date(2023, 3, 13),
    datetime.date(2023, 3, 13),
    datetime.date(2023, 3, 15),
    datetime.date(2023, 3, 17),
    datetime.date(2023, 3, 17),
    datetime.date(2023, 10, 16),
    datetime.date(2023, 10, 17),
    datetime.date(2023, 10, 18),
    datetime.date(2023, 10, 19),
    datetime.date(2023, 10, 20),
]
NORWEGIAN_THEME = (
    "Gjennomgang av måloppnåelse, økonomi og risiko i første tertial: "
    "Bæreevne, førstelinjens kapasitet og særlige tiltak for barn og unge i Østensjø, "
    "Grünerløkka og Søndre Nordstrand. Vi ser også på oppfølgingen av tilsynsrapportene, "
    "samarbeidet med bydelene og behovet for økte rammer i neste års tildelingsbrev. Slutt."
)


def rows(page):
    """The meeting rows of a calendar page: one row header per meeting."""
    return re.findall(r'<th scope="row"><a class="pkt-link" href="/styringsmoter/\d+/">', page)


def calendar_page(client, kode):
    response = client.get(reverse("styring:styringskalender", args=[kode]))
    assert response.status_code == 200
    return response.content.decode()


def feed(client, kode):
    response = client.get(reverse("styring:styringskalender-ics", args=[kode]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def events(body):
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def meeting(virksomhet, **fields):
    values = {"type": Styringsmote.Type.ETATSSTYRINGSMOTE, "dato": datetime.date(2026, 3, 2)}
    values.update(fields)
    return Styringsmote.objects.create(virksomhet=virksomhet, **values)


# The calendar page


def test_bufdir_styrer_sees_the_ten_meetings_of_the_regions(client_for, users, brev):
    page = calendar_page(client_for(users["bufdir_styrer"]), "Bufdir")
    assert len(rows(page)) == 10
    assert "13.03.2023" in page
    assert "20.10.2023" in page
    for kode in ("region-ost", "region-sor", "region-vest", "region-midt-norge", "region-nord"):
        assert reverse("styring:styringsmote-ny", args=[kode]) in page


def test_past_meetings_come_latest_first(client_for, users, brev):
    page = calendar_page(client_for(users["bufdir_styrer"]), "Bufdir")
    assert page.index("20.10.2023") < page.index("13.03.2023")


def test_upcoming_meetings_come_before_past_ones(client_for, users, virksomheter):
    today = datetime.date.today()
    meeting(virksomheter["BFE"], dato=today - datetime.timedelta(days=30), tema="Forrige møte")
    meeting(virksomheter["BFE"], dato=today + datetime.timedelta(days=60), tema="Senere møte")
    meeting(virksomheter["BFE"], dato=today + datetime.timedelta(days=10), tema="Neste møte")
    page = calendar_page(client_for(users["bfe_leser"]), "BFE")
    assert page.index("Neste møte") < page.index("Senere møte") < page.index("Forrige møte")


def test_a_region_page_shows_only_its_own_two_meetings(client_for, users, brev):
    page = calendar_page(client_for(users["bufdir_styrer"]), "region-ost")
    assert len(rows(page)) == 2
    assert "13.03.2023" in page
    assert "16.10.2023" in page
    assert reverse("styring:styringsmote-ny", args=["region-ost"]) in page


def test_an_agency_page_does_not_show_its_sister_agencies(client_for, users, virksomheter):
    meeting(virksomheter["BFE"], tema="BFE-møtet")
    meeting(virksomheter["VEL"], tema="VEL-møtet")
    page = calendar_page(client_for(users["set_styrer"]), "BFE")
    assert "BFE-møtet" in page
    assert "VEL-møtet" not in page
    set_page = calendar_page(client_for(users["set_styrer"]), "SET")
    assert "BFE-møtet" in set_page
    assert "VEL-møtet" in set_page


def test_organisations_out_of_scope_give_404(client_for, users, brev):
    client = client_for(users["set_styrer"])
    assert client.get(reverse("styring:styringskalender", args=["region-ost"])).status_code == 404
    assert (
        client.get(reverse("styring:styringskalender-ics", args=["region-ost"])).status_code == 404
    )
    client = client_for(users["vel_rapportor"])
    assert client.get(reverse("styring:styringskalender", args=["BFE"])).status_code == 404
    assert client.get(reverse("styring:styringskalender", args=["finnes-ikke"])).status_code == 404


def test_readers_see_the_calendar_but_no_add_link(client_for, users, virksomheter):
    meeting(virksomheter["BFE"], tema="Tertialmøte")
    for user in ("bfe_leser", "bfe_rapportor", "bfe_godkjenner"):
        page = calendar_page(client_for(users[user]), "BFE")
        assert "Tertialmøte" in page
        assert "/styringskalender/ny/" not in page
    # Staff of the department who do not steer see only its own meetings.
    page = calendar_page(client_for(users["set_leser"]), "SET")
    assert "Tertialmøte" not in page
    assert "/styringskalender/ny/" not in page


def test_the_page_links_the_feed(client_for, users, virksomheter):
    page = calendar_page(client_for(users["bfe_leser"]), "BFE")
    assert reverse("styring:styringskalender-ics", args=["BFE"]) in page


def test_anonymous_users_are_sent_to_login(client, virksomheter):
    for name in ("styringskalender", "styringskalender-ics", "styringsmote-ny"):
        response = client.get(reverse(f"styring:{name}", args=["BFE"]))
        assert response.status_code == 302
        assert "/logg-inn/" in response.url


def test_calendar_query_count_does_not_grow_with_meetings(client_for, users, brev, virksomheter):
    client = client_for(users["bufdir_styrer"])
    url = reverse("styring:styringskalender", args=["Bufdir"])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for i in range(20):
        region = virksomheter[["region-ost", "region-nord"][i % 2]]
        meeting(region, dato=datetime.date(2024, 1, 1) + datetime.timedelta(days=i), tema=f"T{i}")
    assert len(rows(client.get(url).content.decode())) == 30
    assert count() == before


# The iCalendar feed


def test_feed_has_one_event_per_meeting_with_dates(client_for, users, brev):
    body = feed(client_for(users["bufdir_styrer"]), "Bufdir")
    found = events(body)
    assert len(found) == 10
    assert sorted(event.decoded("DTSTART") for event in found) == BUFDIR_DATES
    for event in found:
        start = event.decoded("DTSTART")
        assert not isinstance(start, datetime.datetime)
        assert event.decoded("DTEND") == start + datetime.timedelta(days=1)
        kind, _, agency = str(event["SUMMARY"]).partition(" – ")
        assert kind
        assert agency.startswith("Bufetat, region ")
        assert re.fullmatch(r"styringsmote-\d+@etatsstyring", str(event["UID"]))
        assert str(event["URL"]).startswith("http://testserver/styringsmoter/")
        assert "tertialrapportering" in str(event["DESCRIPTION"])


def test_feed_of_a_region_has_its_two_meetings(client_for, users, brev):
    body = feed(client_for(users["bufdir_styrer"]), "region-ost")
    found = events(body)
    assert sorted(event.decoded("DTSTART") for event in found) == [
        datetime.date(2023, 3, 13),
        datetime.date(2023, 10, 16),
    ]
    assert all(str(event["SUMMARY"]).endswith(" – Bufetat, region øst") for event in found)
    assert " – Bufetat\\, region øst\r\n".encode() in body.replace(b"\r\n ", b"")


def test_feed_is_well_formed(client_for, users, brev):
    body = feed(client_for(users["bufdir_styrer"]), "Bufdir")
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    lines = body.split(b"\r\n")[:-1]
    assert lines[0] == b"BEGIN:VCALENDAR"
    assert lines[-1] == b"END:VCALENDAR"
    assert b"VERSION:2.0" in lines
    assert b"CALSCALE:GREGORIAN" in lines
    assert any(line.startswith(b"PRODID:") for line in lines)
    assert any(line.startswith(b"X-WR-CALNAME:") for line in lines)
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(body)
    assert "Bufdir" in str(calendar["X-WR-CALNAME"]) or "Barne" in str(calendar["X-WR-CALNAME"])
    stamps = {event.decoded("DTSTAMP") for event in calendar.walk("VEVENT")}
    assert len(stamps) == 1
    assert stamps.pop().utcoffset() == datetime.timedelta(0)


def test_long_norwegian_text_is_folded_and_round_trips(client_for, users, virksomheter):
    theme = (NORWEGIAN_THEME * 2)[:300]
    assert len(theme) == 300
    meeting(virksomheter["BFE"], tema=theme)
    body = feed(client_for(users["bfe_leser"]), "BFE")
    lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    for line in lines:  # never cut inside a UTF-8 character
        line.decode("utf-8")
    assert sum(line.startswith(b" ") for line in lines) >= 4
    (event,) = events(body)
    assert str(event["DESCRIPTION"]) == theme


def test_commas_semicolons_newlines_and_backslashes_are_escaped(client_for, users, virksomheter):
    theme = "Budsjett, mål; oppfølging\nNeste linje med C:\\sti og ; igjen,"
    place = "Rådhuset, møterom 3; inngang B"
    meeting(
        virksomheter["BFE"],
        tema=theme,
        sted=place,
        saker="Åpning\nØkonomi, status\n\nEventuelt; annet",
    )
    body = feed(client_for(users["bfe_leser"]), "BFE")
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert "Budsjett\\, mål\\; oppfølging\\nNeste linje med C:\\\\sti" in unfolded
    assert "LOCATION:Rådhuset\\, møterom 3\\; inngang B" in unfolded
    (event,) = events(body)
    assert str(event["LOCATION"]) == place
    description = str(event["DESCRIPTION"])
    assert description.startswith(theme + "\n\n")
    assert description.endswith("- Åpning\n- Økonomi, status\n- Eventuelt; annet")


def test_timed_meetings_are_in_utc_with_daylight_saving(client_for, users, virksomheter):
    summer = meeting(
        virksomheter["BFE"],
        dato=datetime.date(2026, 6, 15),
        start=datetime.time(10, 0),
        slutt=datetime.time(11, 30),
    )
    winter = meeting(
        virksomheter["BFE"], dato=datetime.date(2026, 1, 15), start=datetime.time(9, 15)
    )
    body = feed(client_for(users["bfe_leser"]), "BFE")
    assert b"DTSTART:20260615T080000Z" in body
    assert b"DTEND:20260615T093000Z" in body
    assert b"DTSTART:20260115T081500Z" in body
    by_uid = {str(event["UID"]): event for event in events(body)}
    event = by_uid[f"styringsmote-{summer.pk}@etatsstyring"]
    assert event.decoded("DTSTART") == datetime.datetime(2026, 6, 15, 10, 0, tzinfo=OSLO)
    assert event.decoded("DTEND") == datetime.datetime(2026, 6, 15, 11, 30, tzinfo=OSLO)
    event = by_uid[f"styringsmote-{winter.pk}@etatsstyring"]
    assert event.decoded("DTSTART") == datetime.datetime(2026, 1, 15, 9, 15, tzinfo=OSLO)
    assert "DTEND" not in event


def test_fold_counts_octets_not_characters():
    line = "DESCRIPTION:" + "æ" * 100
    folded = kalender.fold(line)
    parts = folded.encode().split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert kalender.fold("X" * 75) == "X" * 75
    assert kalender.fold("X" * 76) == "X" * 75 + "\r\n X"


def test_dtstamp_is_the_given_time_in_utc(virksomheter):
    mote = meeting(virksomheter["BFE"])
    now = datetime.datetime(2026, 3, 1, 12, 30, tzinfo=OSLO)
    text = kalender.calendar([mote], name="Test", now=now)
    assert "DTSTAMP:20260301T113000Z\r\n" in text
    assert "DTSTART;VALUE=DATE:20260302\r\nDTEND;VALUE=DATE:20260303\r\n" in text


# The meeting page


def test_meeting_page_shows_agenda_and_minutes(client_for, users, virksomheter):
    mote = meeting(
        virksomheter["BFE"],
        tema="Tertial",
        saker="Åpning\n\nØkonomi\n",
        referat="Vedtatt å følge opp.",
        sted="Rådhuset",
    )
    response = client_for(users["bfe_leser"]).get(mote.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<li>Åpning</li><li>Økonomi</li>" in page
    assert "Vedtatt å følge opp." in page
    assert "02.03.2026" in page
    assert reverse("styring:styringsmote-endre", args=[mote.pk]) not in page
    page = client_for(users["set_styrer"]).get(mote.get_absolute_url()).content.decode()
    assert reverse("styring:styringsmote-endre", args=[mote.pk]) in page


def test_meeting_page_out_of_scope_gives_404(client_for, users, virksomheter):
    mote = meeting(virksomheter["BFE"])
    assert client_for(users["vel_rapportor"]).get(mote.get_absolute_url()).status_code == 404
    assert client_for(users["bufdir_styrer"]).get(mote.get_absolute_url()).status_code == 404


# Creating a meeting


def new_meeting_data(**overrides):
    data = {
        "type": Styringsmote.Type.ETATSSTYRINGSMOTE,
        "dato": "2026-04-20",
        "start": "10:00",
        "slutt": "12:00",
        "sted": "Rådhuset",
        "tema": "Første tertial",
        "saker": "Åpning\nØkonomi",
        "brev": "",
    }
    data.update(overrides)
    return data


def test_styrer_creates_a_meeting(client_for, users, brev, virksomheter):
    client = client_for(users["set_styrer"])
    url = reverse("styring:styringsmote-ny", args=["BFE"])
    form = client.get(url).context["form"]
    assert list(form.fields["brev"].queryset) == [brev["bfe"]]
    response = client.post(url, new_meeting_data(brev=brev["bfe"].pk))
    mote = Styringsmote.objects.get(virksomhet=virksomheter["BFE"])
    assert response.status_code == 302
    assert response.url == mote.get_absolute_url()
    assert mote.start == datetime.time(10, 0)
    assert mote.brev == brev["bfe"]
    assert mote.sakliste == ["Åpning", "Økonomi"]
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def test_the_letter_must_be_one_to_that_agency(client_for, users, brev, virksomheter):
    client = client_for(users["bufdir_styrer"])
    url = reverse("styring:styringsmote-ny", args=["region-ost"])
    response = client.post(url, new_meeting_data(brev=brev["bfe"].pk))
    assert response.status_code == 200
    assert "brev" in response.context["form"].errors
    assert not Styringsmote.objects.filter(tema="Første tertial").exists()
    response = client.post(url, new_meeting_data(brev=brev["bufdir"].pk))
    assert response.status_code == 302


def test_those_who_see_but_may_not_steer_get_403(client_for, users, uten_brev):
    url = reverse("styring:styringsmote-ny", args=["BFE"])
    for user in ("bfe_rapportor", "bfe_godkjenner", "bfe_leser"):
        client = client_for(users[user])
        assert client.get(url).status_code == 403
        assert client.post(url, new_meeting_data()).status_code == 403
    # The department steers its agencies, not itself.
    assert (
        client_for(users["set_styrer"])
        .get(reverse("styring:styringsmote-ny", args=["SET"]))
        .status_code
        == 403
    )
    assert not Styringsmote.objects.exists()


def test_those_who_cannot_see_the_agency_get_404(client_for, users, uten_brev):
    url = reverse("styring:styringsmote-ny", args=["BFE"])
    for user in ("vel_rapportor", "bufdir_styrer", "set_leser", "uten_virksomhet"):
        client = client_for(users[user])
        assert client.get(url).status_code == 404
        assert client.post(url, new_meeting_data()).status_code == 404
    assert not Styringsmote.objects.exists()


# Editing a meeting and its minutes


def test_end_before_start_is_refused_and_nothing_changes(client_for, users, virksomheter):
    mote = meeting(virksomheter["BFE"], tema="Uendret", start=datetime.time(9, 0))
    url = reverse("styring:styringsmote-endre", args=[mote.pk])
    response = client_for(users["set_styrer"]).post(
        url, new_meeting_data(start="14:00", slutt="13:00", tema="Endret")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["slutt"]
    assert 'id="skjemafeil"' in response.content.decode()
    mote.refresh_from_db()
    assert (mote.tema, mote.start, mote.slutt) == ("Uendret", datetime.time(9, 0), None)


def test_an_end_needs_a_start(client_for, users, virksomheter):
    mote = meeting(virksomheter["BFE"])
    url = reverse("styring:styringsmote-endre", args=[mote.pk])
    response = client_for(users["set_styrer"]).post(url, new_meeting_data(start="", slutt="13:00"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["start"]


def test_edit_is_for_steering_only(client_for, users, virksomheter):
    mote = meeting(virksomheter["BFE"])
    url = reverse("styring:styringsmote-endre", args=[mote.pk])
    assert client_for(users["bfe_godkjenner"]).get(url).status_code == 403
    assert client_for(users["vel_rapportor"]).get(url).status_code == 404
    response = client_for(users["set_styrer"]).get(url)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_minutes_text_and_file_are_saved_and_downloaded(client_for, users, virksomheter, media):
    mote = meeting(virksomheter["BFE"])
    client = client_for(users["set_styrer"])
    upload = SimpleUploadedFile("referat.pdf", b"%PDF-1.7 referat", "application/pdf")
    response = client.post(
        reverse("styring:styringsmote-endre", args=[mote.pk]),
        new_meeting_data(referat="Alle saker ble behandlet.", referat_fil=upload),
    )
    assert response.status_code == 302
    assert response.url == mote.get_absolute_url()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    mote.refresh_from_db()
    assert mote.referat == "Alle saker ble behandlet."
    assert mote.referat_fil.name.endswith(".pdf")
    page = client.get(mote.get_absolute_url()).content.decode()
    download = reverse("styring:styringsmote-referat", args=[mote.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 referat"
    assert client_for(users["bfe_leser"]).get(download).status_code == 200
    assert client_for(users["vel_rapportor"]).get(download).status_code == 404
    # The edit form links the stored file through the scoped download, not /media/.
    form_page = client_for(users["set_styrer"]).get(
        reverse("styring:styringsmote-endre", args=[mote.pk])
    )
    assert download in form_page.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("referat.exe", b"MZ\x90\x00"),
        ("referat.txt", b"tekst"),
        ("referat.pdf", b"PK\x03\x04 not a pdf"),
        ("referat.docx", b"%PDF-1.7"),
    ],
)
def test_minutes_files_must_be_pdf_docx_or_odt(
    client_for, users, virksomheter, media, name, content
):
    mote = meeting(virksomheter["BFE"])
    response = client_for(users["set_styrer"]).post(
        reverse("styring:styringsmote-endre", args=[mote.pk]),
        new_meeting_data(referat_fil=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["referat_fil"]
    mote.refresh_from_db()
    assert not mote.referat_fil


@pytest.mark.parametrize(
    ("name", "content"), [("r.docx", b"PK\x03\x04.."), ("R.ODT", b"PK\x03\x04")]
)
def test_docx_and_odt_are_accepted(client_for, users, virksomheter, media, name, content):
    mote = meeting(virksomheter["BFE"])
    response = client_for(users["set_styrer"]).post(
        reverse("styring:styringsmote-endre", args=[mote.pk]),
        new_meeting_data(referat_fil=SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 302


def test_no_minutes_file_gives_404(client_for, users, virksomheter):
    mote = meeting(virksomheter["BFE"])
    response = client_for(users["set_styrer"]).get(
        reverse("styring:styringsmote-referat", args=[mote.pk])
    )
    assert response.status_code == 404


# Subscribing from a calendar program, without a session


def subscription_address(client, kode):
    response = client.get(reverse("styring:styringskalender", args=[kode]))
    return re.search(
        r'id="abonnement" type="text" readonly value="([^"]+)"', response.content.decode()
    )[1].replace("&amp;", "&")


def test_a_calendar_program_subscribes_with_the_personal_address(client_for, users, brev):
    from django.test import Client

    address = subscription_address(client_for(users["bufdir_styrer"]), "region-ost")
    assert address.startswith("http://testserver/virksomheter/region-ost/styringskalender.ics?")
    response = Client().get(address)
    assert response.status_code == 200
    assert [e.decoded("DTSTART") for e in events(response.content)] == [
        datetime.date(2023, 3, 13),
        datetime.date(2023, 10, 16),
    ]


def test_a_subscription_address_opens_only_its_own_organisation(client_for, users, brev):
    from django.test import Client

    address = subscription_address(client_for(users["bufdir_styrer"]), "region-ost")
    assert Client().get(address.replace("region-ost", "region-sor")).status_code == 403
    tampered = address[:-3] + ("abc" if not address.endswith("abc") else "xyz")
    assert Client().get(tampered).status_code == 403


def test_a_new_password_ends_the_subscription(client_for, users, brev):
    from django.test import Client

    user = users["bufdir_styrer"]
    address = subscription_address(client_for(user), "region-ost")
    user.set_password("et-helt-nytt-passord-2026")
    user.save()
    assert Client().get(address).status_code == 403


def test_a_subscription_sees_only_what_its_user_may_see(client_for, users, brev):
    from django.test import Client

    user = users["bufdir_styrer"]
    address = subscription_address(client_for(user), "region-ost")
    user.virksomhet = brev["bfe"].utsteder
    user.save()
    assert Client().get(address).status_code == 404
