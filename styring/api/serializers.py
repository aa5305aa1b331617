from rest_framework import serializers

from styring.models import Virksomhet


class VirksomhetSerializer(serializers.ModelSerializer):
    styres_av = serializers.SlugRelatedField(slug_field="kode", read_only=True)

    class Meta:
        model = Virksomhet
        fields = ["kode", "navn", "type", "styres_av", "epost"]
        read_only_fields = ["kode", "type", "styres_av"]
