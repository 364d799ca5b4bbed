"""Block tags for the shared components in web/templates/components/.

An include cannot take a body with markup, and alerts and tables need one (a form inside a
warning, the rows of a table). These tags render their body in the page's context and hand it
to the component's template as ``body``, so the KERN UX markup of an alert or a data table is
written once:

    {% load components %}
    {% translate "Please correct the following:" as title %}
    {% alert type="danger" role="alert" title=title %}{{ form.non_field_errors }}{% endalert %}

    {% datatable caption=caption class="kern-table--striped" %}<thead>…</thead>…{% enddatatable %}

The keyword arguments are the template's variables (see the comment at the top of each one).
"""

from __future__ import annotations

from django import template
from django.template import Engine
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class ComponentNode(template.Node):
    """Renders ``template_name`` with the keyword arguments and the rendered body."""

    def __init__(
        self, template_name: str, nodelist: NodeList, kwargs: dict[str, FilterExpression]
    ) -> None:
        self.template_name = template_name
        self.nodelist = nodelist
        self.kwargs = kwargs

    def render(self, context: Context) -> SafeString:
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        # The body went through the engine already (autoescaped), so it is markup, not text.
        values["body"] = mark_safe(self.nodelist.render(context))  # noqa: S308
        engine = context.template.engine if context.template is not None else Engine.get_default()
        component = engine.get_template(self.template_name)
        # A new context, as {% include … only %}: a page's own `title` or `id` must not leak in.
        return mark_safe(component.render(context.new(values)))  # noqa: S308 - rendered by the engine


def _component(parser: Parser, token: Token, template_name: str) -> ComponentNode:
    bits = token.split_contents()
    tag = bits[0]
    kwargs = template.base.token_kwargs(bits[1:], parser, support_legacy=False)
    if len(kwargs) != len(bits) - 1:
        raise template.TemplateSyntaxError(f"{tag} takes keyword arguments only (name=value).")
    nodelist = parser.parse((f"end{tag}",))
    parser.delete_first_token()
    return ComponentNode(template_name, nodelist, kwargs)


@register.tag
def alert(parser: Parser, token: Token) -> ComponentNode:
    """{% alert type="warning" role="status" title=title %}…{% endalert %}: alert.html."""
    return _component(parser, token, "components/alert.html")


@register.tag
def datatable(parser: Parser, token: Token) -> ComponentNode:
    """{% datatable caption=caption %}<thead>…</thead><tbody>…</tbody>{% enddatatable %}:
    components/table.html."""
    return _component(parser, token, "components/table.html")


@register.filter
def variant(status: object, mapping: str) -> str:
    """A badge variant by status: ``{{ status|variant:"success=done;danger=dropped;info=*" }}``.

    Each ``variant=code,code`` pair lists the status codes shown in that colour; ``*`` is the
    fallback. Keeps the choice of colour next to the app's status partial, in one short line.
    """
    fallback = "info"
    for pair in mapping.split(";"):
        name, _, codes = pair.partition("=")
        wanted = {code.strip() for code in codes.split(",")}
        if "*" in wanted:
            fallback = name.strip()
        elif str(status) in wanted:
            return name.strip()
    return fallback
