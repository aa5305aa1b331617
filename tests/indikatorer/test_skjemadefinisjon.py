"""Department staff define a new periodic obligation in the UI; agencies then report on it
with the same form, rules, workflow, Excel template and API as the monthly reports."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Skjemafelt, Verdi
from indikatorer.services.skjema import kode_fra_navn
from styring.models import Endring

NOW = datetime.datetime(2026, 4, 7, 10, tzinfo=ZoneInfo("Europe/Oslo"))
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def felt(index, navn, enhet, **extra):
    data = {
        f"felt-{index}-navn": navn,
        f"felt-{index}-enhet": enhet,
        f"felt-{index}-paakrevd": "on",
    }
    data.update({f"felt-{index}-{key}": value for key, value in extra.items()})
    return data


def definition(virksomheter, **overrides):
    data = {
        "navn": "Søknader og plasser per institusjon",
        "beskrivelse": "Søknader om plass og ledige plasser ved månedens slutt.",
        "frekvens": "maaned",
        "frist_dag": "15",
        "frist_maaneder_etter": "1",
        "inndeling": "institusjon",
        "kategorier": "",
        "rapportorer": [str(virksomheter["BFE"].pk)],
        "aktiv_fra": "2026-01-01",
        "aktiv_til": "",
        "felt-TOTAL_FORMS": "3",
        "felt-INITIAL_FORMS": "0",
        "felt-MIN_NUM_FORMS": "0",
        "felt-MAX_NUM_FORMS": "1000",
    }
    data.update(felt(0, "Søknader om plass", "heltall"))
    data.update(felt(1, "Ledige plasser ved månedens slutt", "heltall", maksimum="40"))
    data.update(felt(2, "Andel søknader innvilget", "prosent"))
    data.update(overrides)
    return data


def define(client, virksomheter, **overrides):
    return client.post(reverse("indikatorer:skjema-ny"), definition(virksomheter, **overrides))


def value_name(code, institution):
    return f"v__{code}__{institution.pk}"


def march_values(**override):
    data = {}
    for number, institution in enumerate(Institusjon.objects.order_by("pk"), start=1):
        data[value_name("soknader-om-plass", institution)] = str(10 * number)
        data[value_name("ledige-plasser-ved-maanedens-slutt", institution)] = str(number)
        data[value_name("andel-soknader-innvilget", institution)] = "62,5"
    data.update(override)
    return data


def test_codes_are_made_from_norwegian_names():
    assert kode_fra_navn("Søknader og plasser", tatt=set()) == "soknader-og-plasser"
    assert kode_fra_navn("Bruk av tjenesten – Æøå", tatt=set()) == "bruk-av-tjenesten-aeoaa"
    assert kode_fra_navn("Søknader", tatt={"soknader", "soknader-2"}) == "soknader-3"


def test_the_department_defines_an_obligation_and_the_agency_reports_on_it(
    brev, users, client_for, api_for, virksomheter, frozen
):
    department = client_for(users["set_styrer"])
    assert department.get(reverse("indikatorer:skjema-ny")).status_code == 200
    response = define(department, virksomheter)
    skjema = Skjema.objects.get(navn="Søknader og plasser per institusjon")
    assert response.status_code == 302
    assert response["Location"] == reverse("indikatorer:skjema", args=[skjema.kode])
    assert skjema.kode == "soknader-og-plasser-per-institusjon"
    assert skjema.type == Skjema.Type.GENERISK
    assert skjema.eier.kode == "SET"
    assert [f.kode for f in skjema.felt.all()] == [
        "soknader-om-plass",
        "ledige-plasser-ved-maanedens-slutt",
        "andel-soknader-innvilget",
    ]
    page = department.get(response["Location"])
    assert "Ledige plasser ved månedens slutt" in page.text
    assert "15.04.2026" in page.text  # March's deadline

    # The periods that have ended are open: January, February and March, for BFE only.
    submissions = Innsending.objects.filter(skjema=skjema)
    assert sorted(i.periode_fra.month for i in submissions) == [1, 2, 3]
    assert {i.virksomhet.kode for i in submissions} == {"BFE"}
    march = submissions.get(periode_fra=MARCH)
    assert march.frist == datetime.date(2026, 4, 15)

    # The reporter gets a form with one row per institution, checked by unit.
    reporter = client_for(users["bfe_rapportor"])
    form = reporter.get(reverse("indikatorer:innsending", args=[march.pk]))
    for institution in Institusjon.objects.all():
        assert value_name("soknader-om-plass", institution) in form.text
        assert institution.navn in form.text
    acute = Institusjon.objects.get(type=Institusjon.Type.AKUTT)
    bad = march_values(
        **{
            value_name("andel-soknader-innvilget", acute): "120",
            value_name("ledige-plasser-ved-maanedens-slutt", acute): "41",
            value_name("soknader-om-plass", acute): "3,5",
        }
    )
    refused = reporter.post(
        reverse("indikatorer:innsending", args=[march.pk]),
        {"handling": "lagre", "versjon": 0, **bad},
    )
    assert refused.status_code == 200
    assert "Verdien kan ikke være over 100." in refused.text
    assert "Verdien kan ikke være over 40." in refused.text
    assert "Skriv inn et heltall." in refused.text
    assert not Verdi.objects.filter(innsending=march).exists()
    saved = reporter.post(
        reverse("indikatorer:innsending", args=[march.pk]),
        {"handling": "lagre", "versjon": 0, **march_values()},
    )
    assert saved.status_code == 302
    march.refresh_from_db()
    assert march.status == Innsending.Status.UTKAST

    # The same workflow: the agency's approver submits, the department approves.
    godkjenner = client_for(users["bfe_godkjenner"])
    godkjenner.post(reverse("indikatorer:innsending", args=[march.pk]), {"handling": "lever"})
    march.refresh_from_db()
    assert march.status == Innsending.Status.LEVERT
    department = client_for(users["set_styrer"])
    department.post(reverse("indikatorer:innsending", args=[march.pk]), {"handling": "godkjenn"})
    march.refresh_from_db()
    assert march.status == Innsending.Status.GODKJENT

    # After approval the reporter cannot change a number.
    reporter = client_for(users["bfe_rapportor"])
    reporter.post(
        reverse("indikatorer:innsending", args=[march.pk]),
        {
            "handling": "lagre",
            "versjon": march.versjon,
            **march_values(**{value_name("soknader-om-plass", acute): "99"}),
        },
    )
    kept = Verdi.objects.get(innsending=march, felt__kode="soknader-om-plass", rad=str(acute.pk))
    assert kept.tall == 10

    # The numbers read back through the API.
    api = api_for(users["bfe_rapportor"])
    data = api.get(f"/api/innsendinger/{march.pk}/").json()
    assert data["skjema"] == skjema.kode
    assert data["status"] == "godkjent"
    values = {(v["felt"], v["rad"]): v["verdi"] for v in data["verdier"]}
    institutions = list(Institusjon.objects.order_by("pk"))
    for number, institution in enumerate(institutions, start=1):
        assert values[("soknader-om-plass", str(institution.pk))] == str(10 * number)
        assert values[("ledige-plasser-ved-maanedens-slutt", str(institution.pk))] == str(number)
        assert values[("andel-soknader-innvilget", str(institution.pk))] == "62.5"
    definition_api = api.get(f"/api/rapporteringsskjema/{skjema.pk}/").json()
    assert [f["enhet"] for f in definition_api["felt"]] == ["heltall", "heltall", "prosent"]
    listed = api.get("/api/innsendinger/", {"skjema": skjema.kode}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {row["id"] for row in rows} == set(submissions.values_list("pk", flat=True))


def test_the_excel_template_of_a_defined_obligation_has_its_fields(
    brev, users, client_for, virksomheter, frozen
):
    from openpyxl import load_workbook

    define(client_for(users["set_styrer"]), virksomheter)
    march = Innsending.objects.get(skjema__navn__startswith="Søknader", periode_fra=MARCH)
    response = client_for(users["bfe_rapportor"]).get(
        reverse("indikatorer:innsending-excel-mal", args=[march.pk])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert "Søknader om plass" in text
    assert "Andel søknader innvilget" in text
    assert "Demo akuttinstitusjon" in text


def test_a_definition_with_errors_is_shown_again_and_saves_nothing(
    brev, users, client_for, virksomheter, frozen
):
    client = client_for(users["set_styrer"])
    before = Skjema.objects.count()
    response = define(
        client,
        virksomheter,
        aktiv_til="2025-12-31",
        inndeling="kategori",
        **{"felt-2-maksimum": "150", "felt-1-navn": "Søknader om plass"},
    )
    assert response.status_code == 200
    assert "Slutten kan ikke være før starten." in response.text
    assert "Oppgi minst én kategori." in response.text
    assert "En prosent kan ikke være over 100." in response.text
    assert "To felt har samme navn: søknader om plass." in response.text
    assert Skjema.objects.count() == before
    no_fields = definition(virksomheter)
    for index in range(3):
        no_fields[f"felt-{index}-navn"] = ""
        no_fields[f"felt-{index}-enhet"] = ""
        no_fields.pop(f"felt-{index}-paakrevd")
    response = client.post(reverse("indikatorer:skjema-ny"), no_fields)
    assert "Rapporteringskravet må ha minst ett felt." in response.text
    assert Skjema.objects.count() == before


def test_only_organisations_the_user_steers_can_be_told_to_report(
    brev, users, client_for, virksomheter, frozen
):
    response = define(
        client_for(users["set_styrer"]),
        virksomheter,
        rapportorer=[str(virksomheter["Bufdir"].pk)],
    )
    assert response.status_code == 200
    assert not Skjema.objects.filter(navn__startswith="Søknader").exists()


def test_the_owner_changes_the_obligation_and_a_field_with_values_stays(
    brev, users, client_for, virksomheter, frozen
):
    client = client_for(users["set_styrer"])
    define(client, virksomheter)
    skjema = Skjema.objects.get(navn__startswith="Søknader")
    march = Innsending.objects.get(skjema=skjema, periode_fra=MARCH)
    first = skjema.felt.get(kode="soknader-om-plass")
    Verdi.objects.create(innsending=march, felt=first, rad="", tall=4)
    fields = list(skjema.felt.all())
    form = client.get(reverse("indikatorer:skjema-endre", args=[skjema.kode]))
    versjon = form.context["form"]["versjon"].value()
    data = definition(
        virksomheter,
        navn="Søknader og plasser",
        versjon=versjon,
        **{"felt-TOTAL_FORMS": "4", "felt-INITIAL_FORMS": "3"},
    )
    for index, existing in enumerate(fields):
        data[f"felt-{index}-id"] = str(existing.pk)
        data[f"felt-{index}-skjema"] = str(skjema.pk)
    data["felt-0-DELETE"] = "on"
    refused = client.post(reverse("indikatorer:skjema-endre", args=[skjema.kode]), data)
    assert refused.status_code == 200
    assert "«Søknader om plass» har rapporterte verdier og kan ikke fjernes." in refused.text
    assert skjema.felt.count() == 3
    del data["felt-0-DELETE"]
    data["felt-2-DELETE"] = "on"
    data.update(felt(3, "Venteliste", "heltall"))
    saved = client.post(reverse("indikatorer:skjema-endre", args=[skjema.kode]), data)
    assert saved.status_code == 302
    skjema.refresh_from_db()
    assert skjema.navn == "Søknader og plasser"
    assert skjema.kode == "soknader-og-plasser-per-institusjon"  # addresses stay
    assert [f.kode for f in skjema.felt.all()] == [
        "soknader-om-plass",
        "ledige-plasser-ved-maanedens-slutt",
        "venteliste",
    ]
    assert Endring.objects.filter(
        content_type__model="skjemafelt", handling=Endring.Handling.SLETTET
    ).exists()
    # A second save from the form opened before the first is refused.
    stale = client.post(reverse("indikatorer:skjema-endre", args=[skjema.kode]), data)
    assert "Noen andre har endret" in stale.text


def test_who_may_define_and_change_obligations(brev, users, client_for, virksomheter, frozen):
    define(client_for(users["set_styrer"]), virksomheter)
    skjema = Skjema.objects.get(navn__startswith="Søknader")
    detail = reverse("indikatorer:skjema", args=[skjema.kode])
    change = reverse("indikatorer:skjema-endre", args=[skjema.kode])
    for name in ("bfe_rapportor", "bfe_godkjenner", "set_leser"):
        client = client_for(users[name])
        assert client.get(reverse("indikatorer:skjema-ny")).status_code == 403
        assert client.get(detail).status_code == 200
        assert client.get(change).status_code == 403
    for stranger in ("vel_rapportor", "bufdir_styrer", "uten_virksomhet"):
        client = client_for(users[stranger])
        assert client.get(detail).status_code == 404
        assert client.get(change).status_code == 404
        assert skjema.navn not in client.get(reverse("indikatorer:skjemaer")).text
    client = client_for(users["bfe_rapportor"])
    assert skjema.navn in client.get(reverse("indikatorer:skjemaer")).text
    assert Skjemafelt.objects.filter(skjema=skjema).count() == 3
