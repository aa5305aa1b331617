"""Demo data of ``oppdrag`` (labelled demo), for ``python manage.py lag_demodata``."""

from oppdrag import services
from oppdrag.models import Oppdrag, Status, Statusrapport


def lag_demodata(*, brukere):
    """Follow-up on three BFE 2026 assignments, so the overview shows each state."""
    letter = Oppdrag.objects.filter(brev__kilde="bfe-tildelingsbrev-2026")
    reporter, officer = brukere["demo-bfe-rapportor"], brukere["demo-set-styrer"]
    first = letter.filter(kode="1").first()
    if first is None or Statusrapport.objects.filter(oppdrag__in=letter).exists():
        return
    services.endre_status(oppdrag=first, user=reporter, til=Status.PAAGAAR)
    services.skriv_statusrapport(
        oppdrag=first,
        user=reporter,
        aar=first.brev.aar,
        tertial=1,
        tekst="Demo – arbeidet med samfunnsoppdraget er i gang.",
    )
    delivered = letter.get(frist_tekst="20.01.2026")
    services.registrer_leveranse(
        oppdrag=delivered,
        user=reporter,
        dato=delivered.frist_dato,
        beskrivelse="Demo – forslag til rapporteringsmal.",
        lenke="https://example.org/demo",
    )
    approved = letter.get(frist_tekst="28.02.2026")
    services.registrer_leveranse(
        oppdrag=approved,
        user=reporter,
        dato=approved.frist_dato,
        beskrivelse="Demo – MST-team 2 er etablert.",
        lenke="https://example.org/demo",
    )
    services.endre_status(oppdrag=approved, user=officer, til=Status.GODKJENT)
