"""The submission workflow every periodic report shares: save, submit, approve or return,
reopen — one model, one service, one view mixin, one API mixin, one set of templates.

A kind of report (``Innsending``, ``Budsjettrapport``) inherits ``models.Arbeidsflyt``
and names its ``art.Art``: its rows, fields and checks, how values are read and written,
and what happens when it is approved or returned.
"""
