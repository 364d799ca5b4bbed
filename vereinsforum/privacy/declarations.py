"""The vocabulary in which an app declares its personal data: a processing activity with its
legal basis and data categories (for the record of processing activities, Art. 30 GDPR),
and how erasure reaches each of its models. The declarations themselves are the apps' own
(AppConfig hooks) or, for the apps that have none yet, builtin_processing.py and
builtin_erasure.py; registry.py reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    CONSENT = "art6_1_a", _("Consent (Art. 6(1)(a) GDPR)")
    LEGAL_OBLIGATION = "art6_1_c", _("Legal obligation (Art. 6(1)(c) GDPR)")
    PUBLIC_TASK = "art6_1_e", _("Task in the public interest (Art. 6(1)(e) GDPR)")


@dataclass(frozen=True)
class DataCategory:
    """Personal data held in one model: which fields, described for the record."""

    label: str | Promise
    #: "app_label.ModelName"; empty for data kept outside Vereinsforum (e.g. photos).
    model: str = ""
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Processing:
    """One processing activity (Verarbeitungstätigkeit) of the record."""

    key: str
    app: str
    name: str | Promise
    purpose: str | Promise
    legal_basis: LegalBasis
    data_subjects: str | Promise
    categories: tuple[DataCategory, ...]
    recipients: tuple[str | Promise, ...]
    #: A key of retention.CATEGORIES whose period and purge apply, or "".
    retention: str = ""
    #: How long, when no purge category applies.
    retention_note: str | Promise = ""
    #: For consent: the purpose (models.Purpose) whose consent records this rests on.
    consent_purpose: str = ""
    legal_note: str | Promise = ""


class Handling(models.TextChoices):
    #: The rows point at the person or their account; erasure pseudonymises those rows, so
    #: these keep counting without naming anyone.
    POINTS_AT_PSEUDONYM = "pseudonym", _("Points at the pseudonymised person or account")
    #: An `erase_person` hook removes the personal values (or the names from free text).
    ERASE_HOOK = "hook", _("Erased by the app's erasure hook")
    NOT_PERSONAL = "not_personal", _("Holds no personal data")
    #: Kept on purpose, with the reason (Art. 17(3) GDPR).
    RETAINED = "retained", _("Kept: exception from erasure")


@dataclass(frozen=True)
class Erasure:
    handling: Handling
    why: str | Promise
    #: For ERASE_HOOK: the app whose `erase_person` does it (the model's own app if empty).
    hook_app: str = ""
