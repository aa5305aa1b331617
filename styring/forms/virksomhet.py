from django import forms

from styring.models import Virksomhet


class VirksomhetForm(forms.ModelForm):
    class Meta:
        model = Virksomhet
        fields = ["navn", "epost"]
