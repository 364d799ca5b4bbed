"""Where a coordinator's set-up stands: the four steps and whether each is done. Read by the
set-up pages, the dashboard's call to action and its open tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vereinsforum.organisations.models import Language
from vereinsforum.programmes.models import Programme
from vereinsforum.web.models import SiteDetails

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class SetupStep:
    key: str
    number: int
    label: str | _StrPromise  # lazy: the steps are read in the request's language
    url_name: str
    done: bool

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def setup_steps() -> list[SetupStep]:
    programme = Programme.current()
    return [
        SetupStep(
            "programme", 1, _("Programme"), "programmes:setup_programme", programme is not None
        ),
        SetupStep(
            "fields",
            2,
            _("Fields"),
            "programmes:setup_fields",
            programme is not None and programme.fields.exists(),
        ),
        SetupStep(
            "languages", 3, _("Languages"), "programmes:setup_languages", Language.objects.exists()
        ),
        SetupStep(
            "site",
            4,
            _("Imprint, privacy and contact"),
            "programmes:setup_site",
            SiteDetails.load().configured,
        ),
    ]
