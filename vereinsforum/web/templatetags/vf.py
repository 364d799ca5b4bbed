from django import template

from vereinsforum.lib.translated import translated

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """{{ field|tr:"name" }}: the field's text in the active language, German as fallback."""
    return translated(obj, field)
