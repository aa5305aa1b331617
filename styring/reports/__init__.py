"""Reports: what each app contributes, one rendering path to PDF and Excel, the archive,
the background jobs that produce them and the outbox that e-mails them."""
