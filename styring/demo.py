"""The demo users and ``styring``'s own demo data (labelled demo) for local use.

``python manage.py lag_demodata`` makes the users, then runs every entry of
``styring.registries.demodata``: ``styring``'s steering meetings and risk assessments
(``create_demo_steering``), then each app's.
"""

import datetime

from django.core.management.base import CommandError

from styring.access import Rolle
from styring.models import (
    Bruker,
    Maal,
    Risikovurdering,
    Styringsmote,
    Tildelingsbrev,
    Virksomhet,
)

DEMO_PASSWORD = "demo-etatsstyring"

# (username, organisation code, role, first name, last name)
DEMO_USERS = [
    ("demo-set-styrer", "SET", Rolle.STYRER, "Siri", "Styrer"),
    ("demo-set-leser", "SET", Rolle.LESER, "Sverre", "Leser"),
    ("demo-bfe-godkjenner", "BFE", Rolle.GODKJENNER, "Berit", "Godkjenner"),
    ("demo-bfe-rapportor", "BFE", Rolle.RAPPORTOR, "Bjørn", "Rapportør"),
    ("demo-bfe-leser", "BFE", Rolle.LESER, "Bodil", "Leser"),
    ("demo-vel-godkjenner", "VEL", Rolle.GODKJENNER, "Vera", "Godkjenner"),
    ("demo-vel-rapportor", "VEL", Rolle.RAPPORTOR, "Vidar", "Rapportør"),
    ("demo-vel-leser", "VEL", Rolle.LESER, "Vilde", "Leser"),
    ("demo-bufdir-styrer", "Bufdir", Rolle.STYRER, "Dina", "Direktorat"),
    ("demo-ost-rapportor", "region-ost", Rolle.RAPPORTOR, "Øystein", "Rapportør"),
]
DEMO_ORGANISATIONS = {code for _username, code, *_rest in DEMO_USERS}

# Steering meetings of the BFE 2026 letter. The letter's own calendar is an attachment
# the seeds do not include, so these dates are made up and marked as demo.
DEMO_MEETINGS = [
    ("2026-02-10", "Demo – risikovurdering av mål og tiltak i sak 1; HMS"),
    ("2026-05-26", "Demo – 1. kvartal: statusoppdatering tiltak 1.3.2; HMS"),
    ("2026-09-29", "Demo – 2. tertial; HMS; sykefravær"),
    ("2026-12-08", "Demo – budsjett 2027 og tildelingsbrev 2027; HMS"),
]

# (measure code, likelihood, consequence, tolerance, owner): the agency's assessment
# for the first steering meeting, marked as demo.
DEMO_RISKS = [
    ("1.2.1", 4, 4, "middels", "Demo – avdelingsdirektør fosterhjem"),
    ("1.2.2", 3, 5, "middels", "Demo – avdelingsdirektør institusjon"),
    ("1.3.2", 2, 2, "lav", "Demo – fagdirektør"),
]


def create_demo_users():
    organisations = {v.kode: v for v in Virksomhet.objects.filter(kode__in=DEMO_ORGANISATIONS)}
    missing = DEMO_ORGANISATIONS - organisations.keys()
    if missing:
        names = ", ".join(sorted(missing))
        raise CommandError(f"Fant ikke virksomhetene {names}. Last inn fixtures/virksomheter.json.")
    users = []
    for username, code, role, first, last in DEMO_USERS:
        user = Bruker.objects.filter(username=username).first() or Bruker(username=username)
        user.first_name, user.last_name = first, last
        user.virksomhet, user.rolle = organisations[code], role
        user.set_password(DEMO_PASSWORD)
        user.save()
        users.append(user)
    return users


def create_demo_steering(*, brukere=None):
    """Demo meetings and risk assessments for the BFE 2026 letter, when it is loaded."""
    letter = Tildelingsbrev.objects.filter(kilde="bfe-tildelingsbrev-2026").first()
    if letter is None:
        return
    bfe = letter.mottakere.get()
    Styringsmote.objects.filter(brev=letter, tema__startswith="Demo – ").delete()
    for dato, tema in DEMO_MEETINGS:
        Styringsmote.objects.create(
            virksomhet=bfe,
            brev=letter,
            type=Styringsmote.Type.ETATSSTYRINGSMOTE,
            dato=datetime.date.fromisoformat(dato),
            start=datetime.time(9, 0),
            slutt=datetime.time(11, 0),
            tema=tema,
        )
    for code, likelihood, consequence, tolerance, owner in DEMO_RISKS:
        Risikovurdering.objects.update_or_create(
            virksomhet=bfe,
            maal=Maal.objects.get(brev=letter, kode=code),
            aar=letter.aar,
            tertial=1,
            defaults={
                "risiko": "Demo – eksempel på en risiko for at tiltaket ikke gjennomføres.",
                "sannsynlighet": likelihood,
                "konsekvens": consequence,
                "risikotoleranse": tolerance,
                "tiltak": "Demo – eksempel på risikoreduserende tiltak.",
                "eier": owner,
            },
        )
