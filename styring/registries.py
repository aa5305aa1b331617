"""Every extension point of ``styring``: what an app may add, and in what form.

Each app registers its values in its own ``contributions.py`` (and nowhere else); see
``styring.registry`` for the mechanism. The value types live with their concept:
``styring.navigation`` (the menu), ``styring.letter`` (the letter's parts, rød tråd links
and diff rows), ``styring.selectors.oversikt`` (the department overview and the home page) and
``styring.reports.typer`` (reports).

Registries whose values carry their own key and order number read them from the value;
for the others (mostly functions) ``register`` names them: the key is the app's label,
and the order numbers keep the apps in the order they have always run in (``styring``
0-9, ``oppdrag`` 10-19, ``indikatorer`` 20-29, ``budsjett`` 30-39).
"""

from operator import attrgetter

from styring.registry import Registry

# The main menu: ``MenuItem``, keyed by its URL name.
menu = Registry("menu", key=attrgetter("url_name"), order=attrgetter("order"))

# The letter (``styring.letter``).

# Parts shown inside the section whose ``innhold`` names them: ``Brevinnhold``.
brevinnhold = Registry("brevinnhold", key=attrgetter("key"))

# ``function(*, maal_ids, user)`` returns {goal id: [Kobling, ...]}: the links under each
# goal on the *rød tråd* page.
rod_traad = Registry("rod_traad")

# ``function(*, fra, til, maal_kart)`` carries the app's data into next year's letter;
# ``maal_kart`` maps each goal id of the old letter to its copy in the new one.
neste_aar = Registry("neste_aar")

# ``function(*, fra, til, maal_kart)`` returns the app's rows (``Forskjell``) of the diff
# between two letters.
brevdiff = Registry("brevdiff")

# ``function(*, brev, data, maal)`` loads the app's part of a transcribed letter inside
# the transaction that loads the letter (``styring.loading``). ``data`` is the
# transcription from ``fixtures/brev``; ``maal`` maps the goal codes the letter prints to
# the loaded goals.
lasting = Registry("lasting")

# ``function(*, brukere)`` makes the app's demo data (labelled demo) for
# ``manage.py lag_demodata``. ``brukere`` maps the demo usernames to their users. It must be
# deterministic and safe to run again.
demodata = Registry("demodata")

# ``function(*, rng, skala, kontekst)`` adds the app's part of the large synthetic dataset
# for ``manage.py lag_stort_datasett`` and returns {what: how many} for the summary.
# ``kontekst`` holds what ``styring.synthetic`` made (organisations, letters, goals, users,
# the volumes for ``skala``); ``rng`` is seeded by the entry's key, so the output does not
# depend on the order the apps run in.
stort_datasett = Registry("stort_datasett")

# The department overview and the home page (``styring.selectors.oversikt``).

# Columns of the department overview: ``Kolonne``.
kolonner = Registry("kolonner", key=attrgetter("kode"), order=attrgetter("rekkefolge"))

# Links above the overview's table to the apps' dashboards: ``Dashboard``.
dashboards = Registry("dashboards", key=attrgetter("kode"), order=attrgetter("rekkefolge"))

# ``function(*, user, idag)`` returns the user's ``Oppgave`` list from one app, for the
# home page.
oppgavekilder = Registry("oppgavekilder")

# Reports (``styring.reports.typer``).

# Kinds of report, produced per organisation and period: ``Rapporttype``.
rapporttyper = Registry("rapporttyper", key=attrgetter("kode"))

# Parts of an agency's tertial report: ``Tertialdel``.
tertialdeler = Registry("tertialdeler", key=attrgetter("kode"), order=attrgetter("rekkefolge"))

ALLE = (
    menu,
    brevinnhold,
    rod_traad,
    neste_aar,
    brevdiff,
    lasting,
    demodata,
    stort_datasett,
    kolonner,
    dashboards,
    oppgavekilder,
    rapporttyper,
    tertialdeler,
)
