"""Assignments: followed up, overviewed, reminded, carried over."""

import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oppdrag import paaminnelser, services
from oppdrag.models import Oppdrag, Paaminnelse, Status
from styring import services as brevtjenester

OSLO = ZoneInfo("Europe/Oslo")
MARCH_20 = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=OSLO)


def bfe(brev, text):
    return Oppdrag.objects.get(brev=brev["bfe"], frist_tekst=text)


@pytest.fixture
def frozen():
    with time_machine.travel(MARCH_20, tick=False):
        yield datetime.date(2026, 3, 20)


# Who may do what


def test_agency_staff_report_and_deliver_but_do_not_approve(brev, users, client_for, frozen):
    client = client_for(users["bfe_rapportor"])
    oppdrag = bfe(brev, "31.03.26")
    response = client.post(
        reverse("oppdrag:oppdrag-statusrapport", args=[oppdrag.pk]),
        {"aar": 2026, "tertial": 1, "tekst": "Arbeidet er i gang."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("oppdrag:oppdrag-leveranse", args=[oppdrag.pk]),
        {"dato": "2026-03-19", "lenke": "https://example.org/samfunnsoppdrag.pdf"},
    )
    assert response.status_code == 302
    oppdrag.refresh_from_db()
    assert oppdrag.status == Status.LEVERT
    page = client.get(oppdrag.get_absolute_url()).content.decode()
    assert "Arbeidet er i gang." in page
    assert "https://example.org/samfunnsoppdrag.pdf" in page
    # No approval for the agency: the option is not offered and a forged post is refused.
    assert 'value="godkjent"' not in page
    response = client.post(
        reverse("oppdrag:oppdrag-status", args=[oppdrag.pk]),
        {"til": "godkjent", "forventet_status": "levert"},
    )
    assert response.status_code in (200, 403)
    oppdrag.refresh_from_db()
    assert oppdrag.status == Status.LEVERT


def test_department_approves_returns_and_postpones(brev, users, client_for, frozen):
    oppdrag = bfe(brev, "31.03.26")
    services.registrer_leveranse(
        oppdrag=oppdrag, user=users["bfe_rapportor"], dato=frozen, lenke="https://example.org"
    )
    client = client_for(users["set_styrer"])
    url = reverse("oppdrag:oppdrag-status", args=[oppdrag.pk])
    response = client.post(url, {"til": "returnert", "forventet_status": "levert"})
    assert response.status_code == 200
    assert response.context["statusskjema"].errors
    response = client.post(
        url, {"til": "returnert", "kommentar": "Mangler vedlegg.", "forventet_status": "levert"}
    )
    assert response.status_code == 302
    oppdrag.refresh_from_db()
    assert oppdrag.status == Status.RETURNERT
    response = client.post(
        url,
        {
            "til": "utsatt",
            "kommentar": "Avventer bystyret.",
            "ny_frist": "2026-06-30",
            "forventet_status": "returnert",
        },
    )
    assert response.status_code == 302
    oppdrag.refresh_from_db()
    assert (oppdrag.status, oppdrag.forfall) == (Status.UTSATT, datetime.date(2026, 6, 30))
    history = [(e.fra_status, e.til_status) for e in oppdrag.statusendringer.all()]
    assert history == [
        ("ikke_startet", "levert"),
        ("levert", "returnert"),
        ("returnert", "utsatt"),
    ]


def test_a_stale_status_form_changes_nothing(brev, users, client_for, frozen):
    oppdrag = bfe(brev, "31.03.26")
    client = client_for(users["bfe_rapportor"])
    services.endre_status(oppdrag=oppdrag, user=users["bfe_godkjenner"], til="paagaar")
    response = client.post(
        reverse("oppdrag:oppdrag-status", args=[oppdrag.pk]),
        {"til": "levert", "forventet_status": "ikke_startet"},
    )
    assert response.status_code in (200, 403)
    oppdrag.refresh_from_db()
    assert oppdrag.status == Status.PAAGAAR


def test_another_agency_sees_none_of_bfes_assignments(brev, users, client_for, frozen):
    client = client_for(users["vel_rapportor"])
    oppdrag = bfe(brev, "31.03.26")
    assert client.get(oppdrag.get_absolute_url()).status_code == 404
    response = client.get(reverse("oppdrag:oppdrag-oversikt"))
    assert response.context["alle"] == []
    assert client.post(reverse("oppdrag:oppdrag-leveranse", args=[oppdrag.pk])).status_code == 404
    csv = client.get(reverse("oppdrag:oppdrag-eksport", args=["csv"])).content.decode("utf-8-sig")
    assert csv.count("\n") == 1  # the header only


# The overview


def test_overview_on_march_20(brev, users, client_for, frozen):
    client = client_for(users["set_styrer"])
    response = client.get(reverse("oppdrag:oppdrag-oversikt"), {"virksomhet": "BFE"})
    soon = [o.frist_tekst for o in response.context["snart"]]
    overdue = [o.frist_tekst for o in response.context["forfalt"]]
    assert "31.03.26" in soon
    assert "20.01.2026" in overdue
    assert "31.03.26" not in overdue
    assert "01.07.26" not in soon + overdue
    services.registrer_leveranse(
        oppdrag=bfe(brev, "20.01.2026"),
        user=users["bfe_rapportor"],
        dato=datetime.date(2026, 1, 19),
        lenke="https://example.org/mal",
    )
    response = client.get(reverse("oppdrag:oppdrag-oversikt"), {"virksomhet": "BFE"})
    assert "20.01.2026" not in [o.frist_tekst for o in response.context["forfalt"]]
    assert "20.01.2026" in [o.frist_tekst for o in response.context["venter"]]


def test_overview_filters_and_exports(brev, users, client_for, frozen):
    from openpyxl import load_workbook

    client = client_for(users["set_styrer"])
    response = client.get(reverse("oppdrag:oppdrag-oversikt"), {"art": "lopende", "aar": "2026"})
    assert len(response.context["alle"]) == 7
    csv = client.get(reverse("oppdrag:oppdrag-eksport", args=["csv"]), {"vindu": "forfalt"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Brev;")
    assert any(";20.01.2026;" in line for line in lines)
    xlsx = client.get(reverse("oppdrag:oppdrag-eksport", args=["xlsx"]), {"virksomhet": "BFE"})
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet.max_row == 23
    assert client.get(reverse("oppdrag:oppdrag-eksport", args=["pdf"])).status_code == 404


def test_overview_queries_do_not_grow_with_the_assignments(brev, users, client_for, frozen):
    client = client_for(users["set_styrer"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("oppdrag:oppdrag-oversikt")).status_code == 200
        return len(queries)

    def add(numbers):
        for number in numbers:
            extra = Oppdrag.objects.create(
                brev=brev["bfe"],
                kode=f"X{number}",
                tekst="Ekstra",
                art="nytt",
                forfall=datetime.date(2026, 3, 25),
            )
            extra.ansvarlige.set([brev["bfe"].mottakere.get()])

    # One first, so that the same lists are non-empty in both counts; then 60 more,
    # beyond one page and beyond the rows a list shows before "show all".
    add(range(1))
    before = count()
    add(range(1, 61))
    assert count() == before


# Reminders


@pytest.fixture
def bfe_mailboxes(users):
    for key in ("bfe_rapportor", "bfe_godkjenner", "bfe_leser"):
        users[key].email = f"{key}@bfe.example"
        users[key].save()


def test_reminders_go_out_once_even_when_the_task_runs_twice(brev, bfe_mailboxes, frozen):
    from oppdrag.tasks import send_fristpaaminnelser

    send_fristpaaminnelser.apply()
    first = len(mail.outbox)
    send_fristpaaminnelser.apply()
    assert len(mail.outbox) == first > 0
    due_soon = [m for m in mail.outbox if "31.03.2026" in m.body]
    assert len(due_soon) == 1
    assert "11" in due_soon[0].subject
    assert sorted(due_soon[0].to) == ["bfe_godkjenner@bfe.example", "bfe_rapportor@bfe.example"]
    overdue = [m for m in mail.outbox if "20.01.2026" in m.body]
    assert len(overdue) == 1
    assert overdue[0].to == ["bfe_godkjenner@bfe.example"]  # escalated to the leader
    assert Paaminnelse.objects.filter(oppdrag=bfe(brev, "31.03.26"), terskel="14").count() == 1


def test_each_threshold_fires_in_its_window(brev, bfe_mailboxes):
    oppdrag = bfe(brev, "31.03.26")

    def run(day):
        before = len(mail.outbox)
        paaminnelser.send_paaminnelser(idag=day)
        return [m.subject for m in mail.outbox[before:] if "31.03.2026" in m.body]

    assert run(datetime.date(2026, 3, 16)) == []  # 15 days before
    assert len(run(datetime.date(2026, 3, 17))) == 1  # 14 days before
    assert run(datetime.date(2026, 3, 18)) == []
    assert len(run(datetime.date(2026, 3, 28))) == 1  # 3 days before
    assert len(run(datetime.date(2026, 4, 1))) == 1  # overdue
    assert run(datetime.date(2026, 4, 2)) == []
    assert len(run(datetime.date(2026, 4, 7))) == 1  # escalated after 7 days
    assert [p.terskel for p in oppdrag.paaminnelser.order_by("opprettet")] == [
        "14",
        "3",
        "forfalt",
        "eskalert",
    ]


def test_no_reminders_for_delivered_assignments(brev, users, bfe_mailboxes):
    oppdrag = bfe(brev, "31.03.26")
    services.registrer_leveranse(
        oppdrag=oppdrag,
        user=users["bfe_rapportor"],
        dato=datetime.date(2026, 3, 1),
        lenke="https://example.org",
    )
    paaminnelser.send_paaminnelser(idag=datetime.date(2026, 3, 17))
    assert not [m for m in mail.outbox if "31.03.2026" in m.body]


def test_the_daily_task_is_in_the_schedule():
    from config.celery import app

    entries = [e["task"] for e in app.conf.beat_schedule.values()]
    assert "oppdrag.tasks.send_fristpaaminnelser" in entries


# Next year and the letter


def test_unfinished_assignments_carry_over_and_show_in_the_diff(brev, users, client_for, frozen):
    done = bfe(brev, "20.01.2026")
    done.status = Status.GODKJENT
    done.save()
    ny = brevtjenester.lag_neste_aars_brev(brev=brev["bfe"])
    carried = Oppdrag.objects.i_brev(ny)
    assert carried.count() == 21
    assert done not in carried
    assert carried.get(kode="1").art == Oppdrag.Art.VIDEREFORT
    response = client_for(users["set_styrer"]).get(reverse("styring:brev-sammenlign", args=[ny.pk]))
    rows = response.context["forskjeller"]
    assert len([r for r in rows if r.art == "overfort"]) == 21
    assert len([r for r in rows if r.art == "fjernet" and r.kategori == "Oppdrag"]) == 1


def test_letter_section_5_lists_the_assignments(brev, users, client_for):
    page = client_for(users["bfe_leser"]).get(brev["bfe"].get_absolute_url()).content.decode()
    section = page.split('id="seksjon-5"')[1].split('id="seksjon-6"')[0]
    assert section.count('<tr id="oppdrag-') == 22
    assert "Ikke fastsatt enda" in section


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_reminder_once(virksomheter, make_user):
    """Two workers racing on the same day: the row lock lets only one of them send."""
    import threading

    from django.db import connections

    from styring import loading

    loading.last_alle()
    for role in ("rapportor", "godkjenner"):
        user = make_user("BFE", role)
        user.email = f"{role}@bfe.example"
        user.save()
    day = datetime.date(2026, 3, 20)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            paaminnelser.send_paaminnelser(idag=day)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Paaminnelse.objects.count() == Paaminnelse.objects.filter(sendt__isnull=False).count()
    assert len(mail.outbox) == Paaminnelse.objects.exclude(mottakere="").count()
