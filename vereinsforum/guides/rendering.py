"""Markdown to safe HTML: every guide text on a page, in the preview and in the PDF goes
through `render_markdown`.

Python-Markdown passes raw HTML through untouched, so its output is only a draft: nh3 then
keeps an allow-list of tags and attributes and drops everything else (script and style with
their content, event handler attributes, `javascript:` and `data:` URLs, inline styles). The
allow-list is what Markdown itself produces, nothing more, so an author cannot smuggle in
markup Markdown could not have written.
"""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
#: Dropped with their content (not just unwrapped): a script's text is no reading matter.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "template", "textarea", "select"}


def render_markdown(text: str) -> SafeString:
    """The sanitised HTML of `text`. Headings start at h3: on a page the guide's title is the
    h1 and each section's title an h2, so `# x` in a section becomes a subheading."""
    html = markdown.markdown(
        text or "",
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": 3, "anchorlink": False, "permalink": False}},
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
