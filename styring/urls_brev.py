"""Routes of the letters: list, letter page, forms, next year, diff, rød tråd."""

urlpatterns = []
