from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from styring.demo import DEMO_PASSWORD
from styring.models import Bruker

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_demo_users_exist_for_every_role_and_log_in(virksomheter, client):
    call_command("lag_demodata", stdout=StringIO())
    call_command("lag_demodata", stdout=StringIO())  # twice: no duplicates
    demo = Bruker.objects.filter(username__startswith="demo-")
    assert demo.count() == 10
    assert set(demo.values_list("rolle", flat=True)) == {
        "styrer",
        "godkjenner",
        "rapportor",
        "leser",
    }
    assert set(demo.values_list("virksomhet__kode", flat=True)) == {
        "SET",
        "BFE",
        "VEL",
        "Bufdir",
        "region-ost",
    }
    assert client.login(username="demo-bfe-rapportor", password=DEMO_PASSWORD)


@override_settings(DEBUG=False)
def test_demo_users_are_refused_in_production(virksomheter):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("lag_demodata")
    assert not Bruker.objects.filter(username__startswith="demo-").exists()


@override_settings(DEBUG=True)
def test_demo_meetings_and_risks_are_labelled_and_made_once(brev):
    from styring.models import Risikovurdering, Styringsmote

    call_command("lag_demodata", stdout=StringIO())
    call_command("lag_demodata", stdout=StringIO())
    meetings = Styringsmote.objects.filter(brev=brev["bfe"])
    assert meetings.count() == 4
    assert all(m.tema.startswith("Demo – ") for m in meetings)
    risks = Risikovurdering.objects.filter(maal__brev=brev["bfe"])
    assert sorted(r.maal.kode for r in risks) == ["1.2.1", "1.2.2", "1.3.2"]
    assert all(r.eier.startswith("Demo – ") for r in risks)
