"""Forms department staff use to write a letter and its parts."""

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styring import registries
from styring.access import Action
from styring.forms.versjon import VersjonertModelForm
from styring.models import (
    Foring,
    Maal,
    Rapporteringskrav,
    Seksjon,
    Tildelingsbrev,
    Vedlegg,
    Virksomhet,
)


class BrevForm(VersjonertModelForm):
    class Meta:
        model = Tildelingsbrev
        fields = Tildelingsbrev.EDITABLE_FIELDS
        widgets = {
            "mottakere": forms.CheckboxSelectMultiple,
            "dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mottakere"].queryset = Virksomhet.objects.for_user(user, Action.STEER)
        if self.instance.type == Tildelingsbrev.Type.SUPPLERENDE:
            self.fields["type"].disabled = True
        else:
            self.fields["type"].choices = [
                choice
                for choice in self.fields["type"].choices
                if choice[0] != Tildelingsbrev.Type.SUPPLERENDE
            ]


class BrevdelForm(VersjonertModelForm):
    """Base of the forms for the parts of a letter: choices stay inside the letter."""

    def __init__(self, *args, brev, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.brev = brev
        self.user = user
        if "rekkefolge" in self.fields:
            self.fields["rekkefolge"].required = False

    def clean_rekkefolge(self):
        order = self.cleaned_data.get("rekkefolge")
        if order is None:
            last = (
                type(self.instance)
                .objects.filter(brev=self.brev)
                .aggregate(last=models.Max("rekkefolge"))["last"]
            )
            order = (last or 0) + 1
        return order


class SeksjonForm(BrevdelForm):
    innhold = forms.MultipleChoiceField(
        label=_("Contents"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the section shows after its text."),
    )

    class Meta:
        model = Seksjon
        fields = ["nummer", "tittel", "tekst", "innhold", "tekst_etter", "rekkefolge"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innhold"].choices = [(part.key, part.label) for part in registries.brevinnhold]


class MaalForm(BrevdelForm):
    class Meta:
        model = Maal
        fields = Maal.EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        letters = [self.brev.pk] + ([self.brev.supplerer_id] if self.brev.supplerer_id else [])
        parents = Q(brev__in=letters)
        if self.brev.planperiode_id:
            parents |= Q(planperiode_id=self.brev.planperiode_id, brev__isnull=True)
        self.fields["forelder"].queryset = (
            Maal.objects.for_user(self.user).filter(parents).exclude(pk=self.instance.pk)
        )
        self.fields["nivaa"].choices = [
            choice for choice in self.fields["nivaa"].choices if choice[0] != "kommunemaal"
        ]


class ForingForm(BrevdelForm):
    class Meta:
        model = Foring
        fields = ["seksjon", "tema", "tekst", "rapporteringsplikt", "rapporteres_i", "rekkefolge"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seksjon"].queryset = Seksjon.objects.filter(brev=self.brev)
        self.fields["rapporteres_i"].queryset = Rapporteringskrav.objects.filter(brev=self.brev)


class RapporteringskravForm(BrevdelForm):
    class Meta:
        model = Rapporteringskrav
        fields = Rapporteringskrav.EDITABLE_FIELDS
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("periode_fra", "periode_til", "frist")
        }

    def clean(self):
        cleaned = super().clean()
        fra, til = cleaned.get("periode_fra"), cleaned.get("periode_til")
        if fra and til and til < fra:
            self.add_error("periode_til", _("The period must end after it starts."))
        return cleaned


class VedleggForm(BrevdelForm):
    class Meta:
        model = Vedlegg
        fields = ["navn", "rekkefolge"]
