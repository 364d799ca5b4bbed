"""The demo's guide: "Leitfaden Vereinsbuchhaltung", written by the bookkeeping working group
formed at the 1st forum session (2007-10-10), carried through review to publication in 2008.

The texts are helper H7's files in demo_content/ (layout in its README.md), loaded unchanged:
sections 02 and 03 start as the earlier drafts in de-revisions/, get the review comments of
review-comments.md, and are revised into the final text of de/. The Turkish translation of
sections 01–03 is made before publication; the introduction (01) is revised afterwards
(it points readers to the other language versions), so its Turkish version is flagged as
outdated. The Leichte Sprache version of all six sections is made after that revision.

Publication mails nobody: the demo replays 2008 (events/mail.py `muted`).
"""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import Q
from django.utils import timezone

from vereinsforum.demo.context import DemoContext
from vereinsforum.events.mail import muted
from vereinsforum.guides import services
from vereinsforum.guides.models import Guide, GuideLanguage, Visibility
from vereinsforum.measures.models import Measure
from vereinsforum.workinggroups.models import WorkingGroup

CONTENT = Path(__file__).parent / "demo_content"
TITLE = "Leitfaden Vereinsbuchhaltung"
SLUG = "leitfaden-vereinsbuchhaltung"
SUMMARY = (
    "Buchhaltung für kleine gemeinnützige Vereine: die vier Sphären, Kassenbuch und Belege, "
    "die Einnahmen-Überschuss-Rechnung, Spendenbescheinigungen und Freistellungsbescheid – "
    "mit einer Checkliste für den Kassenwart. Geschrieben von der Arbeitsgruppe Buchhaltung "
    "des Vereinsforums."
)


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(datetime(year, month, day).date(), time(hour)))


#: The sentence added to the introduction after publication (its revision 2).
INTRO_ADDITION = (
    "Diesen Leitfaden gibt es auch in Leichter Sprache und in türkischer Übersetzung. Sie "
    "wählen die Fassung oben auf der Seite des Leitfadens aus."
)
INTRO_ANCHOR = "Abschnitt 6 ist eine Checkliste zum Abhaken."
#: When the first version of each section (01–06) was saved.
DRAFTED = [
    _at(2007, 11, 21, 18),
    _at(2007, 11, 28, 18),
    _at(2007, 12, 5, 18),
    _at(2008, 1, 9, 18),
    _at(2008, 1, 16, 18),
    _at(2008, 1, 23, 18),
]
COMMENT_HEADING = re.compile(r"^## Abschnitt (\d\d) – (.+)$", re.MULTILINE)


def read_section(path: Path) -> tuple[str, str]:
    """(title, body) of a section file: its first line is `# Title`, the rest the body."""
    first, _, rest = path.read_text(encoding="utf-8").partition("\n")
    if not first.startswith("# "):
        raise CommandError(f"{path} does not start with a '# ' title line")
    return first[2:].strip(), rest.strip() + "\n"


def review_comments() -> list[tuple[str, str, str, str]]:
    """(section number, reviewer role, quoted passage, comment) from review-comments.md."""
    text = (CONTENT / "de-revisions" / "review-comments.md").read_text(encoding="utf-8")
    matches = list(COMMENT_HEADING.finditer(text))
    comments = []
    for match, following in zip(matches, matches[1:] + [None], strict=True):
        block = text[match.end() : following.start() if following else len(text)].strip()
        paragraphs = [p.strip() for p in block.split("\n\n") if p.strip()]
        quote = paragraphs[0].removeprefix(">").strip() if paragraphs[0].startswith(">") else ""
        body = "\n\n".join(p for p in paragraphs if not p.startswith(">"))
        comments.append((match.group(1), match.group(2).strip(), quote, body))
    return comments


def load(ctx: DemoContext) -> None:
    if Guide.objects.filter(slug=SLUG).exists():
        ctx.say("Guide already present.")
        return
    programme = ctx.programme
    measure = Measure.objects.filter(programme=programme, title=TITLE).first()
    if measure is None:
        raise CommandError(f"The measure “{TITLE}” is missing: run the measures demo first.")
    working_group = (
        WorkingGroup.objects.filter(programme=programme)
        .filter(
            Q(measure__title="Arbeitsgruppe Vereinsbuchhaltung") | Q(name__icontains="buchhaltung")
        )
        .order_by("pk")
        .first()
    )
    staff = ctx.users.get("team_member") or ctx.users.get("coordinator") or ctx.actor
    reviewer = ctx.users.get("coordinator") or staff

    guide = services.guide_create(
        actor=staff,
        programme=programme,
        title=TITLE,
        slug=SLUG,
        summary=SUMMARY,
        visibility=Visibility.PUBLIC,
        measure=measure,
        working_group=working_group,
        fields=programme.fields.filter(key="bookkeeping"),
        at=_at(2007, 11, 14),
    )

    # Drafting: the first versions, 02 and 03 as the early drafts in de-revisions/.
    files = sorted((CONTENT / "de").glob("*.md"))
    drafts = {p.name: p for p in (CONTENT / "de-revisions").glob("[0-9][0-9]-*.md")}
    sections = {}
    for n, path in enumerate(files):
        title, body = read_section(drafts.get(path.name, path))
        sections[path.name[:2]] = services.section_add(
            actor=staff,
            guide=guide,
            title=title,
            body=body,
            note="Erste Fassung der Arbeitsgruppe",
            at=DRAFTED[n],
        )

    # Review: submitted at the end of January, comments on the drafts of 02 and 03.
    services.guide_submit(actor=staff, guide=guide, at=_at(2008, 1, 28))
    comments = []
    for k, (number, role, quote, text) in enumerate(review_comments()):
        section = sections[number]
        comments.append(
            services.comment_add(
                actor=reviewer,
                section=section,
                text=f"{role} zu „{quote}“:\n\n{text}" if quote else f"{role}:\n\n{text}",
                at=_at(2008, 2, 4 + k, 19),
            )
        )
    for number, day in (("02", 3), ("03", 5)):
        path = next(p for p in files if p.name.startswith(number))
        title, body = read_section(path)
        services.section_revise(
            actor=staff,
            section=sections[number],
            title=title,
            body=body,
            note="Review-Kommentare eingearbeitet",
            at=_at(2008, 3, day, 18),
        )
    for comment in comments:
        services.comment_resolve(actor=reviewer, comment=comment)
    services.guide_approve(actor=reviewer, guide=guide, at=_at(2008, 3, 19))

    # The Turkish translation of 01–03 (04–06 are not translated yet).
    for path in sorted((CONTENT / "tr").glob("*.md")):
        title, body = read_section(path)
        services.translation_save(
            actor=staff,
            section=sections[path.name[:2]],
            language=GuideLanguage.TR,
            title=title,
            body=body,
            at=_at(2008, 4, 10),
        )

    with muted():
        services.guide_publish(actor=reviewer, guide=guide, at=_at(2008, 4, 23))

    # After publication the introduction points to the other versions: its Turkish
    # translation is now behind the German text.
    intro = sections["01"]
    current = intro.current
    if current is None or INTRO_ANCHOR not in current.body:
        raise CommandError("The introduction no longer holds the sentence the demo extends.")
    services.section_revise(
        actor=staff,
        section=intro,
        title=current.title,
        body=current.body.replace(INTRO_ANCHOR, f"{INTRO_ANCHOR} {INTRO_ADDITION}", 1),
        note="Hinweis auf Leichte Sprache und Übersetzung",
        at=_at(2008, 9, 15),
    )

    # The Leichte Sprache version, from the current text of every section.
    for path in sorted((CONTENT / "leichte-sprache").glob("*.md")):
        title, body = read_section(path)
        services.translation_save(
            actor=staff,
            section=sections[path.name[:2]],
            language=GuideLanguage.EASY,
            title=title,
            body=body,
            at=_at(2008, 10, 1),
        )
    ctx.say(f"Guide “{TITLE}” published with {len(sections)} sections.")
