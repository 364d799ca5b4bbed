"""Part 3: the outbox, as the events' notifications would have filled it (about 33 messages
per association, 100,000 at 3,000), mostly sent, some given up, some still waiting.

Every cancellation and every seat offered from the waiting list has its message; invitations
(to the association's chair, or its own address), confirmations and reminders (keyed as
`notifications.notify_reminder` keys them, so a reminder run would not send them again) are
drawn with one probability so that the total comes out at the target. The bodies are short
plain texts, not the rendered templates: rendering 100,000 e-mails would take longer than
everything else together, and nothing reads them but the outbox's own pages.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import formats

from vereinsforum.demo.synthetic.base import World, insert
from vereinsforum.events.mail import site_url
from vereinsforum.events.models import (
    CancelReason,
    Event,
    Invitation,
    MailKind,
    MailStatus,
    OutboxMessage,
    Registration,
    RegistrationStatus,
)
from vereinsforum.organisations.models import Person

MESSAGES_PER_ASSOCIATION = 100 / 3
#: Subject prefixes by kind and language (the recipient's, as the real messages are).
SUBJECTS = {
    "invitation": ("Einladung", "Invitation", "Davet", "Приглашение", "دعوة"),
    "confirmation": (
        "Anmeldebestätigung",
        "Registration confirmed",
        "Kayıt onayı",
        "Подтверждение регистрации",
        "تأكيد التسجيل",
    ),
    "waitlisted": (
        "Warteliste",
        "Waiting list",
        "Bekleme listesi",
        "Лист ожидания",
        "قائمة الانتظار",
    ),
    "reminder": ("Erinnerung", "Reminder", "Hatırlatma", "Напоминание", "تذكير"),
    "cancellation": ("Abmeldung", "Cancellation", "İptal", "Отмена", "إلغاء"),
    "offer": (
        "Ein Platz ist frei",
        "A seat is free",
        "Bir yer boşaldı",
        "Освободилось место",
        "مقعد متاح",
    ),
}
LANGUAGES = ("de", "en", "tr", "ru", "ar")
FAILURE = "SMTPRecipientsRefused: {'%s': (550, b'5.1.1 Mailbox unavailable')}"
#: Seat holders at the time of the reminder (two days before the event).
REMINDED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)


class _Mailer:
    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng
        #: Per event: (title, "date\nurl\n"), computed once.
        self.texts: dict[int, tuple[str, str]] = {}
        self.messages: list[OutboxMessage] = []

    def text(self, event: Event) -> tuple[str, str]:
        if event.pk not in self.texts:
            when = formats.date_format(event.start, "SHORT_DATETIME_FORMAT")
            url = site_url(reverse("events:detail", args=[event.pk]))
            self.texts[event.pk] = (event.title, f"{when}\n{url}\n")
        return self.texts[event.pk]

    def add(
        self,
        kind: str,
        subject: str,
        *,
        event: Event,
        at: datetime,
        to: str,
        person: Person | None,
        registration: Registration | None = None,
        invitation: Invitation | None = None,
        dedupe_key: str = "",
    ) -> None:
        rng = self.rng
        language = person.preferred_language if person is not None else "de"
        prefix = SUBJECTS[subject][LANGUAGES.index(language) if language in LANGUAGES else 0]
        title, details = self.text(event)
        message = OutboxMessage(
            kind=kind,
            to_email=to,
            language=language,
            subject=f"{prefix}: {title}"[:250],
            body_text=f"{prefix}: {title}\n{details}",
            registration=registration,
            invitation=invitation,
            person=person,
            dedupe_key=dedupe_key,
            created=at,
            next_attempt_at=at,
        )
        roll = rng.random()
        if roll < 0.94:
            message.status, message.attempts = MailStatus.SENT, 1
            message.sent_at = at + timedelta(seconds=rng.randint(1, 300))
        elif roll < 0.97:
            message.status, message.attempts = MailStatus.FAILED, 6
            message.last_error = FAILURE % to
            message.next_attempt_at = at + timedelta(minutes=5 * (2**6 - 1))
        else:
            message.status, message.attempts = MailStatus.PENDING, rng.randint(0, 2)
            message.next_attempt_at = at + timedelta(minutes=5 * 2**message.attempts)
            if message.attempts:
                message.last_error = "ConnectionRefusedError: [Errno 111] Connection refused"
        self.messages.append(message)


def build(world: World) -> None:
    invitations: list[Invitation] = world.shared["invitations"]
    registrations: list[Registration] = world.shared["registrations"]
    mailer = _Mailer(world)
    rng = world.rng
    # Always mailed: cancellations and offers.
    for row in registrations:
        person = row.person
        if not person.email:
            continue
        if row.offered_at is not None:
            mailer.add(
                MailKind.OFFER,
                "offer",
                event=row.event,
                at=row.offered_at,
                to=person.email,
                person=person,
                registration=row,
            )
        if row.cancelled_at is not None:
            mailer.add(
                MailKind.CANCELLATION,
                "cancellation",
                event=row.event,
                at=row.cancelled_at,
                to=person.email,
                person=person,
                registration=row,
            )
    fixed = len(mailer.messages)
    target = round(world.n * MESSAGES_PER_ASSOCIATION)
    reminded = [r for r in registrations if r.status in REMINDED and r.person.email]
    confirmed = [r for r in registrations if r.person.email]
    candidates = len(invitations) + len(confirmed) + len(reminded)
    share = min(1.0, max(0.0, (target - fixed) / candidates)) if candidates else 0.0
    for invitation in invitations:
        if rng.random() >= share:
            continue
        chair = _chair(world, invitation)
        to = chair.email if chair is not None and chair.email else invitation.organisation.email
        if to:
            mailer.add(
                MailKind.INVITATION,
                "invitation",
                event=invitation.event,
                at=invitation.sent_at,
                to=to,
                person=chair if chair and chair.email else None,
                invitation=invitation,
            )
    for row in confirmed:
        if rng.random() < share:
            waiting = row.waitlisted_at is not None and row.waitlisted_at == row.created
            mailer.add(
                MailKind.CONFIRMATION,
                "waitlisted" if waiting else "confirmation",
                event=row.event,
                at=row.created,
                to=row.person.email,
                person=row.person,
                registration=row,
            )
    for row in reminded:
        if rng.random() < share and row.cancel_reason != CancelReason.EVENT_CANCELLED:
            event = row.event
            mailer.add(
                MailKind.REMINDER,
                "reminder",
                event=event,
                at=event.start - timedelta(days=2),
                to=row.person.email,
                person=row.person,
                registration=row,
                dedupe_key=f"reminder:{row.pk}:{event.start:%Y%m%d}",
            )
    mailer.messages.sort(key=lambda m: m.created)
    insert(world, mailer.messages)
    # Nothing after the outbox needs the rows themselves: let them go (memory at 3,000).
    del world.shared["registrations"], world.shared["invitations"]


def _chair(world: World, invitation: Invitation) -> Person | None:
    chairs: dict[int, Person | None] = world.shared.setdefault("chairs", {})
    if not chairs:
        for association in world.associations:
            chairs[association.org.pk] = association.chair
        chairs[world.anadolu.pk] = world.anadolu_people[0] if world.anadolu_people else None
    return chairs.get(invitation.organisation.pk)
