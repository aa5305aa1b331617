"""Reads of the home page: the other organisations the user sees and the user's tasks."""

from styring import registries
from styring.selectors.virksomheter import virksomheter


def oppgaver(*, user, idag):
    """Everything the user should do now (from every app's task source), the earliest
    deadline first."""
    found = [task for source in registries.oppgavekilder for task in source(user=user, idag=idag)]
    return sorted(found, key=lambda t: (t.frist is None, t.frist or idag, t.tekst))


def forside(*, user, idag):
    return {
        "virksomheter": [v for v in virksomheter(user=user) if v.pk != user.virksomhet_id],
        "oppgaver": oppgaver(user=user, idag=idag),
    }
