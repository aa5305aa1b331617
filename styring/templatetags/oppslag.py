from django import template

register = template.Library()


@register.filter
def hent(mapping, key):
    """``{{ mapping|hent:key }}``: look a key up in a dict (empty list when missing)."""
    return mapping.get(key, [])
