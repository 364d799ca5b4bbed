"""What a user notices in the forum: a poll started from its session, polls in the reader's
language, and weights that say what they are."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from vereinsforum.forum.models import ForumSession, PollMethod
from vereinsforum.lib.actors import TEST

pytestmark = pytest.mark.django_db


def _html(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _poll_data(**extra) -> dict:
    return {
        "title": "Schwerpunkte 2008",
        "method": "schulze",
        "option_source": "fields",
        "opens_at": "2007-10-10T19:00",
        "closes_at": "2007-10-10T19:45",
        **extra,
    }


def test_a_poll_is_started_from_a_session_that_has_no_agenda_yet(
    client, coordinator, body, session_event
):
    assert not ForumSession.objects.exists()  # no agenda item: the forum has no record yet
    client.force_login(coordinator)
    page = _html(client.get(reverse("forum:session_detail", args=[session_event.pk])))
    create = reverse("forum:poll_create")
    (link,) = page.xpath(f'//a[starts-with(@href, "{create}")]')

    # The session is chosen already on the form the link opens.
    form = _html(client.get(link.get("href")))
    (selected,) = form.xpath('//select[@name="session"]/option[@selected]')
    assert selected.get("value") == str(session_event.pk)

    response = client.post(create, _poll_data(session=session_event.pk))
    assert response.status_code == 302
    poll = body.polls.get()
    assert poll.session.event == session_event
    page = _html(client.get(reverse("forum:session_detail", args=[session_event.pk])))
    assert page.xpath(f'//a[@href="{reverse("forum:poll_detail", args=[poll.pk])}"]')


def test_a_poll_title_and_question_are_shown_in_the_readers_language(
    client, coordinator, representative, member, body
):
    client.force_login(coordinator)
    data = _poll_data(
        title_en="Priorities for 2008",
        description="Welche Themen zuerst?",
        description_ar="ما هي المواضيع أولاً؟",
    )
    assert client.post(reverse("forum:poll_create"), data).status_code == 302
    poll = body.polls.get()
    assert poll.title_i18n == {"en": "Priorities for 2008"}
    assert poll.description_i18n == {"ar": "ما هي المواضيع أولاً؟"}

    client.force_login(representative)
    url = reverse("forum:poll_detail", args=[poll.pk])
    english = _html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert english.xpath("//h1")[0].text_content().strip() == "Priorities for 2008"
    assert english.xpath('//p[@dir="auto"]')[0].text_content() == "Welche Themen zuerst?"
    german = _html(client.get(url, HTTP_ACCEPT_LANGUAGE="de"))
    assert german.xpath("//h1")[0].text_content().strip() == "Schwerpunkte 2008"
    arabic = _html(client.get(url, HTTP_ACCEPT_LANGUAGE="ar"))
    assert arabic.xpath('//p[@dir="auto"]')[0].text_content() == "ما هي المواضيع أولاً؟"
    index = _html(client.get(reverse("forum:index"), HTTP_ACCEPT_LANGUAGE="en"))
    assert index.xpath(f'//a[@href="{url}"]')[0].text_content() == "Priorities for 2008"


def test_the_poll_form_offers_translation_inputs_marked_with_their_language(
    client, coordinator, body
):
    client.force_login(coordinator)
    page = _html(client.get(reverse("forum:poll_create")))
    arabic = page.xpath('//input[@name="title_ar"]')[0]
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    assert page.xpath('//textarea[@name="description_tr"][@lang="tr"]')


def test_the_weights_chart_of_the_council_paper_writes_german_decimals(
    programme, make_poll, member, other_member, association, other_association, coordinator
):
    from unittest import mock

    from django.utils import translation
    from matplotlib.axes import Axes

    from vereinsforum.forum.services import ballots, polls
    from vereinsforum.forum.summary import forum_weights_chart_png
    from vereinsforum.forum.tests.conftest import ranked_choices

    poll = make_poll(PollMethod.SCHULZE)
    for org in (association, other_association):
        ballots.ballot_cast(
            actor=TEST,
            poll=poll,
            organisation=org,
            choices=ranked_choices(poll, "bookkeeping", "project_work", "rhetoric"),
        )
    polls.poll_close(actor=coordinator, poll=poll)
    drawn = []
    real_text = Axes.text

    def record(self, x, y, s, *args, **kwargs):
        drawn.append(s)
        return real_text(self, x, y, s, *args, **kwargs)

    # Drafted by a coordinator who reads the site in English: the paper is German still.
    with translation.override("en"), mock.patch.object(Axes, "text", record):
        assert forum_weights_chart_png(programme)
    assert drawn and all("," in label and "." not in label for label in drawn), drawn


@pytest.mark.parametrize(
    ("method", "header"),
    [(PollMethod.SCHULZE, "Rank-order-centroid weight (ROC)"), (PollMethod.DOTS, "Weight (share)")],
)
def test_the_weights_say_what_they_are(
    client, coordinator, make_poll, member, association, method, header
):
    from vereinsforum.forum.services import ballots, polls
    from vereinsforum.forum.tests.conftest import ranked_choices

    poll = make_poll(method)
    if method == PollMethod.SCHULZE:
        choices = ranked_choices(poll, "bookkeeping", "rhetoric")
    else:
        option = poll.options.order_by("position").first()
        choices = {str(option.pk): 3}
    ballots.ballot_cast(actor=TEST, poll=poll, organisation=association, choices=choices)
    polls.poll_close(actor=coordinator, poll=poll)
    client.force_login(coordinator)
    page = _html(
        client.get(reverse("forum:poll_results", args=[poll.pk]), HTTP_ACCEPT_LANGUAGE="en")
    )
    official = page.xpath('//table[contains(@class, "ranking")]')[0]
    assert header in [th.text_content().strip() for th in official.xpath(".//thead//th")]
    note = official.getparent().getnext()
    assert note.xpath('.//a[@href="/forum/regeln/#weights"]')
