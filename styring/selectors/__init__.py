"""Reads of ``styring``: the querysets and figures the pages, the API, the exports and the
reports show, one home per list or figure.

Split by concept: ``brev`` (letters and their parts), ``virksomheter`` (organisations, the
department overview and the home page), ``styringsmoter`` (the steering calendar),
``risiko`` (risk assessments), ``rapporter`` (the report archive and ordering) and
``endringer`` (the audit trail shown on pages). Every function takes keyword-only
arguments and starts from the user's scope (``Model.objects.for_user(user, action)``);
where a page and the API show the same list, both call the same function here.
"""

from styring.selectors import (
    brev,
    endringer,
    forside,
    rapporter,
    risiko,
    styringsmoter,
    virksomheter,
)

__all__ = ["brev", "endringer", "forside", "rapporter", "risiko", "styringsmoter", "virksomheter"]
