"""factory-boy factories for the objects tests make again and again."""

import factory

from styring.models import Bruker, Virksomhet

PASSWORD = "et-langt-testpassord-2026"


class BrukerFactory(factory.django.DjangoModelFactory):
    """A user of an organisation (by code) with a role; ``kode=None`` for neither.

    The username says both, as people read it in the audit trail: «bfe-rapportor».
    """

    class Meta:
        model = Bruker

    class Params:
        kode = None

    virksomhet = factory.LazyAttribute(
        lambda o: Virksomhet.objects.get(kode=o.kode) if o.kode else None
    )
    rolle = ""
    username = factory.LazyAttribute(
        lambda o: f"{(o.kode or 'ingen').lower()}-{o.rolle or 'uten-rolle'}"
    )
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, password, **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.full_clean()
        user.save()
        return user
