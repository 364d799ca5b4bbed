"""The demo's consents: the kick-off's photo consents, a newsletter, a withdrawal, and the
delegate's consent to publish her name (recorded with the OParl step); loading twice adds
nothing."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper

from vereinsforum.demo.context import DemoContext
from vereinsforum.privacy import demo as privacy_demo
from vereinsforum.privacy.models import Channel, Consent, Purpose

pytestmark = pytest.mark.django_db


def test_the_demo_consents(django_user_model):
    call_command("load_demo", stdout=OutputWrapper(StringIO()))
    # In case the step is not (yet) in load_demo's STEPS: run it as the command would.
    from vereinsforum.demo import scenario

    ctx = DemoContext(stdout=OutputWrapper(StringIO()))
    scenario.load(ctx)
    privacy_demo.load(ctx)

    photos = Consent.objects.filter(purpose=Purpose.PHOTOS).order_by("pk")
    assert photos.count() == 3
    assert {c.given_on for c in photos} == {date(2007, 5, 14)}
    assert {c.source for c in photos} == {Channel.EVENT_SIGN_IN}
    withdrawn = photos.get(withdrawn_on__isnull=False)
    assert (withdrawn.withdrawn_on, withdrawn.withdrawal_source) == (date(2008, 2, 1), "email")
    newsletter = Consent.objects.get(purpose=Purpose.NEWSLETTER)
    assert newsletter.person == photos.first().person
    assert newsletter.person.affiliations.filter(organisation__name="Anadolu e.V.").exists()
    published = Consent.objects.in_force().get(purpose=Purpose.PUBLISH_NAME)
    assert published.source == Channel.PUBLICATION_BASIS
    assert published.person.publication_basis.is_published

    before = Consent.objects.count()
    privacy_demo.load(ctx)
    assert Consent.objects.count() == before
