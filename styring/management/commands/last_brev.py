from django.core.management.base import BaseCommand

from styring import loading


class Command(BaseCommand):
    help = "Load the transcribed letters in fixtures/brev that are not loaded yet."

    def handle(self, *args, **options):
        loaded = loading.last_alle()
        for brev in loaded:
            self.stdout.write(f"Lastet {brev} ({brev.kilde}).")
        if not loaded:
            self.stdout.write("Alle brev er lastet fra før.")
