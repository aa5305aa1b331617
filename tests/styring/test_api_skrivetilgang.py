"""What API writes may touch: no request sets a status, an approval, a version, who did
something or which organisation owns an object; and no write points into another agency.

The first tests walk every write operation of the API (from the OpenAPI generator's own
list of endpoints, so a new route is walked without being named here) and every field of
the serializer it reads. The last test sends, for each kind of reference a write can
carry, one that points into another agency's data: it is refused with 400 or 404, and
nothing changes (the audit trail records every change, so it stays as it was).
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.test import APIRequestFactory

from budsjett import services
from budsjett.models import Budsjettrapport, Konto, Regnskap
from indikatorer.models.rapportering import Innsending, Institusjon, Skjema, Verdi
from oppdrag.models import Leveranse, Oppdrag, Statusrapport
from styring.access import Action, ScopedQuerySet
from styring.api.serializers import ScopedRelatedMixin
from styring.models import (
    Endring,
    Maal,
    Rapportjobb,
    Risikovurdering,
    Styringsmote,
    Tildelingsbrev,
    Virksomhet,
)

pytestmark = pytest.mark.django_db
MARCH = datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC)

UNSAFE = ("POST", "PUT", "PATCH")

# Fields a request may never set: the state of an object (status, approval, submission,
# issue), its version, who did what and when, and where it was copied from. They change
# only through the domain's own actions (lever, godkjenn, returner, utsted …).
STATE_FIELDS = {
    "status",
    "fra_status",
    "til_status",
    "utstedt",
    "godkjent",
    "godkjent_av",
    "levert",
    "levert_av",
    "returkommentar",
    "endret_etter_godkjenning",
    "versjon",
    "aapnet",
    "aapnet_av",
    "opprettet",
    "oppdatert",
    "registrert",
    "tidspunkt",
    "utfort_av",
    "bestilt",
    "bestilt_av",
    "generert",
    "generert_av",
    "startet",
    "ferdig",
    "sendt",
    "skrevet_av",
    "planlagt",
    "kopiert_fra",
    "forrige",
    "demo",
    "har_data",
    "utsatt_til",
    "pdf_sha256",
    "excel_sha256",
}
STATE_PREFIXES = ("godkjent", "levert", "utstedt", "opprettet", "endret_av")
# Fields naming an owning or taking-part organisation.
ORGANISATION_FIELDS = {
    "virksomhet",
    "utsteder",
    "eier",
    "mottakere",
    "ansvarlige",
    "bidragsytere",
    "rapportorer",
    "styres_av",
}

# Writable fields with a state-like name that are not state: (serializer, field) → why.
NOT_STATE = {
    ("LagreVerdierSerializer", "versjon"): "the version the client read: compared, never set",
    ("LagreBudsjettverdierSerializer", "versjon"): "the version the client read: compared",
    ("HandlingSerializer", "versjon"): "the version the client read (submit, approve): compared",
    ("ReturSerializer", "versjon"): "the version the client read (return): compared",
    ("NyStatusSerializer", "forventet_status"): "the status the client saw: compared, never "
    "set; the change itself is decided by oppdrag.services.endre_status from the role",
}
# Organisations chosen on write by code and looked up among the user's own
# (Virksomhet.objects.for_user) before anything is done; the last test sends another's.
LOOKED_UP_IN_SCOPE = {
    ("BestillingSerializer", "virksomhet"),
    ("NyRapportSerializer", "virksomhet"),
}


def write_operations():
    """(label, serializer) of every write operation, as the schema documents it."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, path_regex, method, view in generator._get_paths_and_endpoints():
        if method not in UNSAFE:
            continue
        view.schema.path, view.schema.path_regex, view.schema.method = path, path_regex, method
        view.schema.registry = generator.registry
        serializer = view.schema.get_request_serializer()
        if serializer is not None:
            yield f"{method} {path}", force_instance(serializer)


def writable_fields(serializer, prefix=""):
    """(owner serializer, dotted name, field) of every field a request may set."""
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.BaseSerializer):
            yield from writable_fields(field, f"{prefix}{name}.")
        else:
            yield serializer, f"{prefix}{name}", field


def is_state(name):
    return name in STATE_FIELDS or name.endswith("_status") or name.startswith(STATE_PREFIXES)


def is_relation(field):
    return isinstance(field, RelatedField | ManyRelatedField)


def relation_of(field):
    """The related field itself, also of a many-valued one."""
    return field.child_relation if isinstance(field, ManyRelatedField) else field


def test_the_walk_finds_every_kind_of_write():
    operations = dict(write_operations())
    kinds = {type(serializer).__name__ for serializer in operations.values()}
    assert len(operations) >= 25
    assert {
        "BrevSerializer",
        "MaalSerializer",
        "StyringsmoteSerializer",
        "RisikovurderingSerializer",
        "NyStatusSerializer",
        "LeveranseSerializer",
        "LagreVerdierSerializer",
        "LagreBudsjettverdierSerializer",
        "BestillingSerializer",
        "VirksomhetSerializer",
    } <= kinds


def test_no_request_sets_a_status_an_approval_a_version_or_who_did_it():
    found = []
    for label, serializer in write_operations():
        for owner, name, _field in writable_fields(serializer):
            key = (type(owner).__name__, name.rsplit(".", 1)[-1])
            if is_state(key[1]) and key not in NOT_STATE:
                found.append(f"{label}: {key[0]}.{name}")
    assert found == [], "writable state fields; make them read-only"


def test_an_organisation_is_never_written_freely():
    """A writable organisation field is either looked up in the user's scope by the view,
    or a relation whose choices are the user's scope (ScopedRelatedMixin)."""
    found = []
    for label, serializer in write_operations():
        for owner, name, field in writable_fields(serializer):
            key = (type(owner).__name__, name)
            if name not in ORGANISATION_FIELDS or key in LOOKED_UP_IN_SCOPE:
                continue
            if name == "eier" and not is_relation(field):
                continue  # the risk owner: a person, written as text
            if not isinstance(relation_of(field), ScopedRelatedMixin):
                found.append(f"{label}: {key[0]}.{name}")
    assert found == []


def test_every_writable_reference_to_scoped_data_offers_only_the_users_scope(users):
    """Any writable relation to a scoped model chooses among the objects the user may
    see, so an id of another agency's object is refused as unknown (400)."""
    request = APIRequestFactory().post("/")
    request.user = users["bfe_rapportor"]
    found, checked = [], 0
    for label, serializer in write_operations():
        bound = type(serializer)(context={"request": request})
        for owner, name, field in writable_fields(bound):
            if not is_relation(field):
                continue
            relation = relation_of(field)
            model = relation.queryset.model
            scoped = model.objects.all()
            if not isinstance(scoped, ScopedQuerySet) or scoped.scope_path is None:
                continue  # owned by nobody and read by all: the municipal plan period
            if not isinstance(relation, ScopedRelatedMixin):
                found.append(f"{label}: {type(owner).__name__}.{name}")
                continue
            offered = set(relation.get_queryset().values_list("pk", flat=True))
            allowed = set(
                model.objects.for_user(request.user, relation.action).values_list("pk", flat=True)
            )
            assert offered <= allowed, f"{label}: {name} offers objects outside the scope"
            checked += 1
    assert found == []
    assert checked >= 8


def test_organisation_choices_are_limited_to_the_users_scope(users, virksomheter):
    request = APIRequestFactory().post("/")
    for name, expected in [
        ("bfe_rapportor", {"BFE"}),
        ("set_styrer", {"SET", "BFE", "VEL", "HEL", "UDE"}),
        ("uten_virksomhet", set()),
    ]:
        request.user = users[name]
        for label, serializer in write_operations():
            bound = type(serializer)(context={"request": request})
            for _owner, field_name, field in writable_fields(bound):
                if field_name in ORGANISATION_FIELDS and is_relation(field):
                    relation = relation_of(field)
                    codes = set(relation.get_queryset().values_list("kode", flat=True))
                    assert codes == expected, f"{label}: {field_name} for {name}"


# Writes that point into another agency's data: 400 or 404, and nothing changes.


@pytest.fixture
def andres(brev, users):
    """Objects of organisations BFE's staff and SET's department may not reach, and BFE's
    own objects the writes are made to, at a time when February's numbers are open."""
    with time_machine.travel(MARCH, tick=False):
        yield objects_of_others(brev, users)


def objects_of_others(brev, users):
    vel = Virksomhet.objects.get(kode="VEL")
    skjema = Skjema.objects.get(kode="belegg")
    fra, til = skjema.periode(datetime.date(2026, 2, 1))
    innsending = Innsending.objects.create(
        skjema=skjema,
        virksomhet=Virksomhet.objects.get(kode="BFE"),
        periode_fra=fra,
        periode_til=til,
        frist=skjema.frist_for(til),
    )
    return {
        "region_oppdrag": Oppdrag.objects.filter(brev=brev["bufdir"]).first(),
        "bufdir_maal": Maal.objects.filter(brev=brev["bufdir"]).first(),
        "bfe_maal": Maal.objects.filter(brev=brev["bfe"]).exclude(kode="").first(),
        "bufdir_konto": Konto.objects.filter(kapittel__eier__kode="Bufdir").first(),
        "vel_institusjon": Institusjon.objects.create(
            virksomhet=vel, navn="VELs institusjon", type="akutt"
        ),
        "innsending": innsending,
        "rapport": services.aapne_rapport(
            virksomhet=Virksomhet.objects.get(kode="BFE"),
            aar=2026,
            type="regnskap",
            periode=1,
            user=users["bfe_rapportor"],
        ),
    }


CROSS_AGENCY_WRITES = [
    # (user, route name, path object, body, models that must not change, and the field the
    # 400 names: the reference to the other agency's object; None for a 404)
    (
        "bfe_rapportor",
        "api:oppdrag:oppdrag-status",
        "region_oppdrag",
        lambda o: {"til": "paagaar"},
        [Oppdrag],
        None,
    ),
    (
        "bfe_rapportor",
        "api:oppdrag:oppdrag-statusrapporter",
        "region_oppdrag",
        lambda o: {"aar": 2026, "tertial": 1, "tekst": "Status"},
        [Statusrapport],
        None,
    ),
    (
        "bfe_rapportor",
        "api:oppdrag:oppdrag-leveranser",
        "region_oppdrag",
        lambda o: {"dato": "2026-03-01", "lenke": "https://example.org/x"},
        [Leveranse],
        None,
    ),
    (
        "bfe_rapportor",
        "api:styring:risikovurdering-list",
        None,
        lambda o: {
            "virksomhet": "BFE",
            "maal": o["bufdir_maal"].pk,
            "tertial": 1,
            "risiko": "R",
            "sannsynlighet": 2,
            "konsekvens": 2,
            "risikotoleranse": "lav",
            "eier": "Direktør",
        },
        [Risikovurdering],
        "maal",
    ),
    (
        "bfe_rapportor",
        "api:styring:risikovurdering-list",
        None,
        lambda o: {
            "virksomhet": "VEL",
            "maal": o["bfe_maal"].pk,
            "tertial": 1,
            "risiko": "R",
            "sannsynlighet": 2,
            "konsekvens": 2,
            "risikotoleranse": "lav",
            "eier": "Direktør",
        },
        [Risikovurdering],
        "virksomhet",
    ),
    (
        "bfe_rapportor",
        "api:indikatorer:innsending-verdier",
        "innsending",
        lambda o: {
            "versjon": 0,
            "verdier": [{"felt": "liggedogn", "rad": str(o["vel_institusjon"].pk), "verdi": "1"}],
        },
        [Verdi, Innsending],
        lambda o: f"liggedogn|{o['vel_institusjon'].pk}",
    ),
    (
        "bfe_rapportor",
        "api:budsjett:budsjettrapport-verdier",
        "rapport",
        lambda o: {"versjon": 0, "verdier": [{"konto": o["bufdir_konto"].pk, "belop": "100"}]},
        [Regnskap, Budsjettrapport],
        lambda o: f"belop|{o['bufdir_konto'].pk}",
    ),
    (
        "bfe_rapportor",
        "api:budsjett:budsjettrapport-list",
        None,
        lambda o: {"virksomhet": "VEL", "aar": 2026, "type": "regnskap", "periode": 2},
        [Budsjettrapport],
        None,
    ),
    (
        "bfe_godkjenner",
        "api:styring:rapportjobb-list",
        None,
        lambda o: {"type": "tertial", "virksomhet": "VEL", "periode_fra": "2026-01-01"},
        [Rapportjobb],
        "virksomhet",
    ),
    (
        "set_styrer",
        "api:styring:styringsmote-list",
        None,
        lambda o: {
            "virksomhet": "BFE",
            "type": "etatsstyringsmote",
            "dato": "2026-03-10",
            "brev": o["bufdir_maal"].brev_id,
        },
        [Styringsmote],
        "brev",
    ),
    (
        "set_styrer",
        "api:styring:maal-list",
        None,
        lambda o: {
            "brev": o["bfe_maal"].brev_id,
            "forelder": o["bufdir_maal"].pk,
            "nivaa": "tiltak",
            "kode": "9.9.9",
            "tekst": "X",
        },
        [Maal],
        "forelder",
    ),
    (
        "bufdir_styrer",
        "api:styring:brev-list",
        None,
        lambda o: {
            "type": "supplerende",
            "mottakere": ["region-ost"],
            "aar": 2026,
            "supplerer": o["bfe_maal"].brev_id,
        },
        [Tildelingsbrev],
        "supplerer",
    ),
]


@pytest.mark.parametrize(
    ("user", "route", "target", "body", "unchanged", "field"),
    CROSS_AGENCY_WRITES,
    ids=[f"{case[0]}-{case[1]}-{i}" for i, case in enumerate(CROSS_AGENCY_WRITES)],
)
def test_a_write_pointing_into_another_agency_is_refused_and_changes_nothing(
    andres, users, api_for, user, route, target, body, unchanged, field
):
    url = reverse(route, args=[andres[target].pk] if target else [])
    before = {model: list(model.objects.values()) for model in [*unchanged, Endring]}
    response = api_for(users[user]).post(url, body(andres), format="json")
    if field is None:
        assert response.status_code == 404, response.content
    else:
        assert response.status_code == 400, response.content
        assert list(response.json()) == [field(andres) if callable(field) else field]
    after = {model: list(model.objects.values()) for model in [*unchanged, Endring]}
    assert after == before


def test_the_same_writes_within_the_scope_are_accepted(andres, users, api_for):
    """The refusals above are about the other agency, not about the requests' shape."""
    api = api_for(users["bfe_rapportor"])
    own = Oppdrag.objects.for_user(users["bfe_rapportor"], Action.REPORT).first()
    assert (
        api.post(
            reverse("api:oppdrag:oppdrag-status", args=[own.pk]), {"til": "paagaar"}, format="json"
        ).status_code
        == 200
    )
    institusjon = Institusjon.objects.filter(virksomhet__kode="BFE").first()
    response = api.post(
        reverse("api:indikatorer:innsending-verdier", args=[andres["innsending"].pk]),
        {
            "versjon": 0,
            "verdier": [{"felt": "liggedogn", "rad": str(institusjon.pk), "verdi": "1"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    konto = Konto.objects.filter(kapittel__nummer="360").first()
    response = api.post(
        reverse("api:budsjett:budsjettrapport-verdier", args=[andres["rapport"].pk]),
        {"versjon": 0, "verdier": [{"konto": konto.pk, "belop": "100"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
