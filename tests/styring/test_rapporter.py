"""The report pipeline: rendering to tagged PDF/A and Excel, the immutable archive with
checksums, scheduled jobs that run once, the outbox, pages and API, and scope."""

import ast
import datetime
import io
import threading
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connections
from django.db.models import Count
from django.urls import reverse

from styring import tasks
from styring.models import Abonnement, Maal, Rapport, Rapportjobb, Risikovurdering, Utsending
from styring.reports import arkiv, epost, gjengivelse

NOW = datetime.datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Oslo"))
T2 = (datetime.date(2026, 5, 1), datetime.date(2026, 8, 31))


@pytest.fixture(autouse=True)
def tasks_run_in_the_test(monkeypatch):
    """With a broker configured (CI), ``.delay()`` would send the task away; these tests
    follow the job through, so the tasks run here, in the test's process."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def risiko(brev, virksomheter):
    maal = Maal.objects.filter(brev=brev["bfe"]).exclude(kode="").first()
    return Risikovurdering.objects.create(
        virksomhet=virksomheter["BFE"],
        maal=maal,
        aar=2026,
        tertial=2,
        risiko="For få akuttplasser <b>i høst</b>",
        sannsynlighet=4,
        konsekvens=5,
        risikotoleranse="lav",
        eier="Direktør",
    )


@pytest.fixture
def abonnenter(users, virksomheter):
    styrer, vel = users["set_styrer"], users["vel_rapportor"]
    for user, address in ((styrer, "styrer@oslo.kommune.no"), (vel, "vel@oslo.kommune.no")):
        user.email = address
        user.save()
        Abonnement.objects.create(bruker=user, type="tertial", virksomhet=virksomheter["BFE"])
    return styrer, vel


def pdf_text(data):
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # lines wrap where the layout wraps them


def lag(virksomhet, user=None):
    return arkiv.arkiver(
        type_kode="tertial",
        virksomhet=virksomhet,
        periode_fra=T2[0],
        periode_til=T2[1],
        user=user,
    )


def test_the_tertial_report_is_a_tagged_pdf_a_in_norwegian_with_a_checksum(
    risiko, virksomheter, media, frozen
):
    from pypdf import PdfReader

    rapport = lag(virksomheter["BFE"])
    assert rapport.versjon == 1
    data = rapport.pdf.open("rb").read()
    assert arkiv.sha256(data) == rapport.pdf_sha256
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nb"
    assert "/StructTreeRoot" in catalog  # tagged
    assert b"pdfaid:part" in catalog["/Metadata"].get_object().get_data()
    text = pdf_text(data)
    assert "Tertialrapport" in text
    assert "2. tertial 2026" in text
    assert "For få akuttplasser <b>i høst</b>" in text  # data is text, never markup
    assert rapport.tittel == "Tertialrapport – Barne- og familieetaten – 2. tertial 2026"
    from openpyxl import load_workbook

    workbook = load_workbook(rapport.excel.open("rb"))
    sheet = workbook["Risikovurdering"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "For få akuttplasser <b>i høst</b>" in values


def test_an_issued_report_never_changes_and_a_new_run_makes_a_new_version(
    risiko, virksomheter, media, frozen
):
    first = lag(virksomheter["BFE"])
    checksum = first.pdf_sha256
    second = lag(virksomheter["BFE"])
    assert second.versjon == 2
    first.refresh_from_db()
    assert first.pdf_sha256 == checksum
    assert arkiv.sha256(first.pdf.open("rb").read()) == checksum
    first.tittel = "Endret"
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        second.delete()
    assert Rapport.objects.count() == 2


def test_the_checksum_command_finds_a_changed_file(risiko, virksomheter, media, frozen):
    rapport = lag(virksomheter["BFE"])
    out = io.StringIO()
    call_command("sjekk_rapporter", stdout=out)
    assert "2 filer" in out.getvalue()
    path = media / rapport.pdf.name
    path.write_bytes(path.read_bytes() + b"%tampered")
    with pytest.raises(SystemExit):
        call_command("sjekk_rapporter", stdout=out, stderr=out)
    assert rapport.pdf.name in out.getvalue()


def test_weasyprint_fetches_only_the_projects_static_files():
    from weasyprint.urls import URLFetchingError

    fetcher = gjengivelse._static_fetcher()
    css = fetcher.fetch(gjengivelse.STATIC_PREFIX + "rapporter/rapport.css")
    assert b"@page" in css.read()
    for url in (
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        gjengivelse.STATIC_PREFIX + "../../config/settings.py",
        gjengivelse.BASE_URL + "media/rapporter/x.pdf",
    ):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)


def test_scheduling_twice_makes_one_report_and_one_email_per_subscriber(
    risiko, abonnenter, virksomheter, media, settings, frozen, django_capture_on_commit_callbacks
):
    settings.RAPPORT_DAGER_ETTER_PERIODE = {"maaned": 20, "tertial": 30}
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.planlegg_rapporter.apply().get()
        second = tasks.planlegg_rapporter.apply().get()
    assert first
    assert second == []
    bfe_jobs = Rapportjobb.objects.filter(virksomhet__kode="BFE", type="tertial")
    assert bfe_jobs.count() == 1
    assert bfe_jobs.get().status == Rapportjobb.Status.FERDIG
    assert Rapport.objects.filter(virksomhet__kode="BFE", type="tertial").count() == 1
    # Running the job's task again (a redelivered message) changes nothing.
    tasks.lag_rapport.apply(args=[bfe_jobs.get().pk])
    assert Rapport.objects.filter(virksomhet__kode="BFE", type="tertial").count() == 1
    recipients = [message.to for message in mail.outbox]
    assert recipients == [["styrer@oslo.kommune.no"]]  # never VEL, who may not see BFE
    message = mail.outbox[0]
    assert message.subject == "Tertialrapport – Barne- og familieetaten – 2. tertial 2026"
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    assert arkiv.sha256(content) == Rapport.objects.get(virksomhet__kode="BFE").pdf_sha256
    assert Utsending.objects.get().status == Utsending.Status.SENDT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_beat_schedulers_at_once_make_one_report_per_period_and_one_email_each(
    risiko, abonnenter, media, settings, frozen
):
    """Two celery beat processes (a second started by mistake, or the old one during a
    deployment) send the scheduled task at the same moment. Each job is claimed by a
    unique row and made under a row lock, each e-mail by its own unique row."""
    settings.RAPPORT_DAGER_ETTER_PERIODE = {"maaned": 20, "tertial": 30}
    barrier = threading.Barrier(2)
    ordered, errors = [], []

    def beat():
        try:
            barrier.wait(timeout=30)
            # As a worker runs what beat sends; eager here (tasks_run_in_the_test).
            ordered.append(tasks.planlegg_rapporter.delay().get(disable_sync_subtasks=False))
        except Exception as error:  # asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len(ordered) == 2
    # Each job was ordered by one of the two, never both.
    first, second = (set(ids) for ids in ordered)
    jobs = Rapportjobb.objects.filter(planlagt=True)
    assert first | second == set(jobs.values_list("pk", flat=True))
    assert not first & second
    assert jobs.filter(virksomhet__kode="BFE", type="tertial").count() == 1
    assert set(jobs.values_list("status", flat=True)) == {Rapportjobb.Status.FERDIG}
    # One report per period, in its first version.
    assert Rapport.objects.filter(virksomhet__kode="BFE", type="tertial").count() == 1
    per_period = Rapport.objects.values("type", "virksomhet", "periode_fra").annotate(n=Count("pk"))
    assert [row for row in per_period if row["n"] > 1] == []
    assert set(Rapport.objects.values_list("versjon", flat=True)) == {1}
    # One e-mail per subscriber who may see the report (VEL's subscriber may not).
    assert [message.to for message in mail.outbox] == [["styrer@oslo.kommune.no"]]
    assert list(Utsending.objects.values_list("status", flat=True)) == [Utsending.Status.SENDT]


def test_the_periodic_schedule_is_defined_in_one_place():
    from config.celery import app

    scheduled = sorted(entry["task"] for entry in app.conf.beat_schedule.values())
    # Issue 15 adds the daily task that opens the reporting periods.
    assert scheduled == [
        "indikatorer.tasks.aapne_perioder",
        "oppdrag.tasks.send_fristpaaminnelser",
        "styring.tasks.planlegg_rapporter",
    ]
    # Nowhere else: not in the settings, not made by code or a data migration
    # (django-celery-beat copies config/celery.py's entries into its tables at start-up).
    root = Path(__file__).resolve().parents[2]
    schedule_names = {
        "beat_schedule",
        "CELERY_BEAT_SCHEDULE",
        "PeriodicTask",
        "CrontabSchedule",
        "IntervalSchedule",
        "crontab",
    }
    elsewhere = []
    for app_dir in ("config", "styring", "oppdrag", "indikatorer", "budsjett"):
        for path in sorted((root / app_dir).rglob("*.py")):
            if path == root / "config" / "celery.py":
                continue
            names = {
                node.attr if isinstance(node, ast.Attribute) else node.id
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Attribute | ast.Name)
            }
            if names & schedule_names:
                elsewhere.append(f"{path.relative_to(root)}: {sorted(names & schedule_names)}")
    assert elsewhere == []


def test_a_worker_that_dies_mid_task_is_retried_into_one_report_and_one_email(
    risiko, abonnenter, virksomheter, media, frozen, django_capture_on_commit_callbacks
):
    real = gjengivelse.html_til_pdf
    calls = {"n": 0}

    def dies_once(html):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SystemExit("worker killed")  # what a killed worker looks like in-process
        return real(html)

    jobb, _created = arkiv.bestill(
        type_kode="tertial",
        virksomhet=virksomheter["BFE"],
        periode_fra=T2[0],
        periode_til=T2[1],
        planlagt=True,
    )
    with mock.patch.object(gjengivelse, "html_til_pdf", dies_once):
        with pytest.raises(SystemExit):
            arkiv.kjor(jobb_id=jobb.pk)
        jobb.refresh_from_db()
        assert jobb.status == Rapportjobb.Status.KJORER  # what the page shows meanwhile
        assert not Rapport.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            tasks.lag_rapport.apply(args=[jobb.pk])  # the broker redelivers the task
            tasks.lag_rapport.apply(args=[jobb.pk])  # and once more, for good measure
    jobb.refresh_from_db()
    assert jobb.status == Rapportjobb.Status.FERDIG
    assert jobb.forsok == 2
    assert Rapport.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["styrer@oslo.kommune.no"]]


def test_a_report_without_data_is_archived_but_not_sent(
    users, virksomheter, media, frozen, django_capture_on_commit_callbacks
):
    styrer = users["set_styrer"]
    styrer.email = "styrer@oslo.kommune.no"
    styrer.save()
    Abonnement.objects.create(bruker=styrer, type="tertial", virksomhet=virksomheter["VEL"])
    with django_capture_on_commit_callbacks(execute=True):
        arkiv.bestill(
            type_kode="tertial",
            virksomhet=virksomheter["VEL"],
            periode_fra=T2[0],
            periode_til=T2[1],
            planlagt=True,
        )
    rapport = Rapport.objects.get(virksomhet__kode="VEL")
    assert not rapport.har_data
    assert "Ingen risikovurdering for dette tertialet." in pdf_text(rapport.pdf.open("rb").read())
    assert mail.outbox == []
    assert not Utsending.objects.exists()


def test_a_failed_send_is_visible_and_sent_once_when_retried(
    risiko, abonnenter, virksomheter, media, frozen
):
    rapport = lag(virksomheter["BFE"])
    [utsending] = arkiv.legg_i_utboks(rapport=rapport)
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("mail down")),
        pytest.raises(OSError, match="mail down"),
    ):
        epost.send(utsending_id=utsending.pk)
    utsending.refresh_from_db()
    assert utsending.status == Utsending.Status.FEILET
    assert "mail down" in utsending.feilmelding
    assert epost.send(utsending_id=utsending.pk) is True
    assert epost.send(utsending_id=utsending.pk) is False
    assert len(mail.outbox) == 1


def test_a_report_is_sent_through_a_real_smtp_server(
    risiko, abonnenter, virksomheter, media, settings, frozen
):
    from email import message_from_bytes

    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.messages.append(envelope)
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        rapport = lag(virksomheter["BFE"])
        [utsending] = arkiv.legg_i_utboks(rapport=rapport)
        assert epost.send(utsending_id=utsending.pk)
    finally:
        controller.stop()
    [envelope] = handler.messages
    assert envelope.rcpt_tos == ["styrer@oslo.kommune.no"]
    message = message_from_bytes(envelope.content)
    attachments = [part for part in message.walk() if part.get_filename()]
    assert attachments[0].get_content_type() == "application/pdf"
    assert arkiv.sha256(attachments[0].get_payload(decode=True)) == rapport.pdf_sha256


def test_the_report_page_orders_shows_progress_and_downloads(
    risiko, users, client_for, virksomheter, media, frozen, django_capture_on_commit_callbacks
):
    client = client_for(users["set_styrer"])
    page = reverse("styring:rapporter-virksomhet", args=["BFE"])
    response = client.get(page)
    assert response.status_code == 200
    assert "Tertialrapport" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"type": "tertial", "periode": "2026-05-01"})
    assert response.status_code == 302
    rapport = Rapport.objects.get(virksomhet__kode="BFE")
    jobb = Rapportjobb.objects.get()
    assert jobb.status == Rapportjobb.Status.FERDIG
    assert jobb.bestilt_av == users["set_styrer"]
    listed = client.get(page)
    assert rapport.tittel in listed.text
    assert "Ferdig" in client.get(reverse("styring:rapporter-jobber", args=["BFE"])).text
    download = client.get(reverse("styring:rapport-fil", args=[rapport.pk, "pdf"]))
    assert download.status_code == 200
    assert arkiv.sha256(b"".join(download.streaming_content)) == rapport.pdf_sha256
    preview = client.get(
        reverse("styring:rapporter-forhaandsvisning", args=["BFE"]),
        {"type": "tertial", "periode": "2026-05-01"},
    )
    assert "For få akuttplasser &lt;b&gt;i høst&lt;/b&gt;" in preview.text
    future = client.post(page, {"type": "tertial", "periode": "2026-09-01"})
    assert future.status_code == 302
    assert Rapportjobb.objects.count() == 1


def test_who_may_see_order_and_download_reports(
    risiko, users, client_for, api_for, virksomheter, media, frozen
):
    rapport = lag(virksomheter["BFE"])
    page = reverse("styring:rapporter-virksomhet", args=["BFE"])
    reader = client_for(users["bfe_leser"])
    assert reader.get(page).status_code == 200
    assert reader.get(reverse("styring:rapport-fil", args=[rapport.pk, "pdf"])).status_code == 200
    assert reader.post(page, {"type": "tertial", "periode": "2026-05-01"}).status_code == 403
    for stranger in ("vel_rapportor", "bufdir_styrer", "uten_virksomhet"):
        client = client_for(users[stranger])
        assert client.get(page).status_code == 404
        assert (
            client.get(reverse("styring:rapport-fil", args=[rapport.pk, "pdf"])).status_code == 404
        )
        assert client.get(reverse("styring:rapporter-jobber", args=["BFE"])).status_code == 404
        api = api_for(users[stranger])
        assert api.get("/api/rapporter/").json()["results"] == []
        assert api.get(f"/api/rapporter/{rapport.pk}/pdf/").status_code == 404
        ordered = api.post(
            "/api/rapportjobber/",
            {"type": "tertial", "virksomhet": "BFE", "periode_fra": "2026-05-01"},
        )
        assert ordered.status_code == 400
        assert "virksomhet" in ordered.json()
    assert Rapportjobb.objects.count() == 0


def test_the_api_lists_downloads_and_orders_reports(
    risiko, users, api_for, virksomheter, media, frozen, django_capture_on_commit_callbacks
):
    api = api_for(users["set_styrer"])
    with django_capture_on_commit_callbacks(execute=True):
        ordered = api.post(
            "/api/rapportjobber/",
            {"type": "tertial", "virksomhet": "BFE", "periode_fra": "2026-05-01"},
            format="json",
        )
    assert ordered.status_code == 202
    assert ordered.json()["status"] == "i_ko"  # made in the background
    assert api.get(f"/api/rapportjobber/{ordered.json()['id']}/").json()["status"] == "ferdig"
    listed = api.get("/api/rapporter/", {"virksomhet": "BFE"}).json()["results"]
    assert [r["versjon"] for r in listed] == [1]
    pdf = api.get(f"/api/rapporter/{listed[0]['id']}/pdf/")
    assert arkiv.sha256(b"".join(pdf.streaming_content)) == listed[0]["pdf_sha256"]
    bad = api.post(
        "/api/rapportjobber/",
        {"type": "ukjent", "virksomhet": "BFE", "periode_fra": "i går"},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"type", "periode_fra"}


def test_the_monthly_task_twice_makes_one_report_and_one_email_per_subscriber(
    brev, users, virksomheter, media, settings, django_capture_on_commit_callbacks
):
    from indikatorer.demo import lag_demodata

    settings.RAPPORT_DAGER_ETTER_PERIODE = {"maaned": 20, "tertial": 30}
    styrer = users["set_styrer"]
    styrer.email = "styrer@oslo.kommune.no"
    styrer.save()
    Abonnement.objects.create(bruker=styrer, type="belegg-maaned", virksomhet=virksomheter["SET"])
    later = datetime.datetime(2026, 10, 25, 7, tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(later, tick=False):
        lag_demodata(idag=later.date())
        # BFE has submitted September's numbers by the 25th (the deadline was the 15th).
        from indikatorer.models.rapportering import Innsending

        september = Innsending.objects.get(
            skjema__kode="belegg", virksomhet__kode="BFE", periode_fra=datetime.date(2026, 9, 1)
        )
        september.status = Innsending.Status.LEVERT
        september.save()
        with django_capture_on_commit_callbacks(execute=True):
            tasks.planlegg_rapporter.apply()
            tasks.planlegg_rapporter.apply()
    monthly = Rapport.objects.filter(type="belegg-maaned", virksomhet__kode="SET")
    assert [(r.periode_fra, r.versjon) for r in monthly] == [(datetime.date(2026, 9, 1), 1)]
    assert [m.to for m in mail.outbox] == [["styrer@oslo.kommune.no"]]
    assert mail.outbox[0].subject.startswith("Belegg")


def test_in_production_the_hashed_static_name_is_found_in_collectstatics_output(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    hashed = tmp_path / "rapporter" / "rapport.42a770bf73e8.css"
    hashed.parent.mkdir()
    hashed.write_text("@page { size: A4; }")
    fetcher = gjengivelse._static_fetcher()
    response = fetcher.fetch(gjengivelse.STATIC_PREFIX + "rapporter/rapport.42a770bf73e8.css")
    assert response.read() == b"@page { size: A4; }"
