"""What one kind of report supplies to the shared workflow.

The service (``styring.arbeidsflyt.services``) owns the states, the versions, the
permissions and the audit trail; a kind (``Art``) owns only what differs: its values and
their checks, how they are read and written, how a new report is opened, and what happens
when a report is approved, returned or reopened.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class Art:
    """The hooks of a kind of report. Values are keyed as the kind likes; errors are keyed
    by text ("field|row", "belop|<id>") so forms and the API can name them."""

    # The kind's own words for the workflow's refusals.
    LAAST = _("This has been submitted and can no longer be changed.")
    PERIODE_LAAST = _("This is closed for changes.")
    LAGRET_AV_ANDRE = _(
        "Somebody else saved this after you opened it. Nothing of yours was saved. Compare "
        "their values with yours, and save again."
    )
    BARE_LEVERT_GODKJENNES = _("Only what has been submitted can be approved.")
    BARE_LEVERT_RETURNERES = _("Only what has been submitted can be returned.")
    INGEN_LAAS = _("There is no lock to lift.")

    def kontroller(self, objekt, raw, *, user):
        """Parse and check ``raw`` (as typed); returns (values, errors). All or nothing."""
        raise NotImplementedError

    def kontroller_fullstendig(self, objekt, lagret, *, user):
        """Raise ValidationError unless the saved values ``lagret`` may be submitted."""
        raise NotImplementedError

    def les(self, objekt):
        """The saved values, keyed as ``kontroller`` keys them."""
        raise NotImplementedError

    def skriv(self, objekt, verdier, tidligere):
        """Store ``verdier`` (checked); ``tidligere`` is what was saved."""
        raise NotImplementedError

    def endringer(self, objekt, tidligere, etter):
        """The audit trail's old → new for a save, by a readable key."""
        raise NotImplementedError

    def rapporterende(self, objekt):
        """The organisation that reports ``objekt``: who may open one not saved yet."""
        return objekt.virksomhet

    def opprett(self, objekt, *, idag):
        """The saved row of a report not saved yet (created unless another request did)."""
        raise NotImplementedError

    def etter_godkjenning(self, objekt):
        """Called inside the approval's transaction."""

    def etter_retur(self, objekt, *, var_godkjent):
        """Called inside the return's transaction."""

    def gjenaapne(self, objekt, *, user, grunn, gyldig_til):
        """Lift the kind's lock (``laast``), inside the reopening's transaction."""
        raise ValidationError(self.INGEN_LAAS, code="ingen_laas")
