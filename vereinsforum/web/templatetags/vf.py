"""The project's own template filters and tags, loaded with `{% load vf %}`: translated fields,
names isolated in running text, and page links that keep the query."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from vereinsforum.lib.names import single_full_stops
from vereinsforum.lib.translated import translated

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """{{ field|tr:"name" }}: the field's text in the active language, German as fallback."""
    return translated(obj, field)


@register.filter
def bdi(value) -> str:
    """{{ org.name|bdi }}: a name isolated from the direction of the text around it
    (lib/names.py), for the places where a name sits inside a sentence or attribute-free text."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter(name="single_full_stops", needs_autoescape=True)
def single_full_stops_filter(value, autoescape=True) -> str:
    """{{ message|single_full_stops }}: no "e.V.." where a sentence ends in a name."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(single_full_stops(str(text)))  # noqa: S308 - escaped just above


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The current query with `param` set to `number`: a page link that keeps the filters and
    the other lists' pages (`{% querystring %}` cannot take the parameter's name from a
    variable). Escaped by the engine, like any simple tag's result."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
