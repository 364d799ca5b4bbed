"""The e-mail that tells the member associations a guide is published.

"Every member association" is read as every association enrolled in the guide's programme
and not withdrawn: those are the programme's members (the forum's members are chosen from
them), and a guide is written for all of them. Each association's people who speak for it
(chair, delegate, contact person — as for event invitations) get one message each, in their
own language; an association without such a person is written to at its own address, in
German.
"""

from __future__ import annotations

from django.urls import reverse

from vereinsforum.events.mail import message_enqueue, site_url
from vereinsforum.events.notifications import INVITATION_ROLES
from vereinsforum.guides.models import Guide, GuideLanguage
from vereinsforum.organisations.models import Organisation, OrganisationKind, Person
from vereinsforum.programmes.models import ParticipationStep, Step

#: The outbox's kind of this message (OutboxMessage.kind holds at most 14 characters).
MAIL_KIND = "guide_notice"
TEMPLATE = "guides/email/guide_published"


def member_associations(guide: Guide):
    """The associations enrolled in the guide's programme and not withdrawn."""
    steps = ParticipationStep.objects.filter(participation__programme=guide.programme_id)
    enrolled = steps.filter(step=Step.ENROLLED).values("participation__organisation_id")
    withdrawn = steps.filter(step=Step.WITHDRAWN).values("participation__organisation_id")
    return (
        Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION, pk__in=enrolled)
        .exclude(pk__in=withdrawn)
        .order_by("name")
    )


def notify_published(guide: Guide) -> int:
    """Queue the messages; returns how many were queued."""
    url = site_url(reverse("guides:detail", args=[guide.slug]))
    languages = set(
        guide.sections.filter(translations__isnull=False).values_list(
            "translations__language", flat=True
        )
    )
    queued = 0
    for organisation in member_associations(guide):
        people = list(
            Person.objects.active()
            .affiliated_with(organisation, roles=INVITATION_ROLES)
            .exclude(email="")
            .order_by("pk")
        )
        context = {
            "guide": guide,
            "organisation": organisation,
            "guide_url": url,
            "languages": sorted(languages),
        }
        for person in people:
            message = message_enqueue(
                kind=MAIL_KIND,
                template=TEMPLATE,
                to_email=person.email,
                person=person,
                language=person.preferred_language,
                context={
                    **context,
                    "person": person,
                    # A link to the guide in the reader's language, where it has one.
                    "own_language_url": f"{url}?sprache={person.preferred_language}"
                    if person.preferred_language in languages
                    else "",
                },
                dedupe_key=f"guide:{guide.pk}:person:{person.pk}",
            )
            queued += message is not None
        if not people and organisation.email:
            message = message_enqueue(
                kind=MAIL_KIND,
                template=TEMPLATE,
                to_email=organisation.email,
                language=GuideLanguage.DE,
                context={**context, "person": None, "own_language_url": ""},
                dedupe_key=f"guide:{guide.pk}:organisation:{organisation.pk}",
            )
            queued += message is not None
    return queued
