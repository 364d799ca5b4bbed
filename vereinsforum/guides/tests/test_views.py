"""Who reads and who writes: every boundary with a user from outside it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinsforum.guides import services
from vereinsforum.guides.models import Guide, GuideStatus, Revision, Visibility
from vereinsforum.guides.tests.conftest import enrol, make_guide, publish
from vereinsforum.lib.actors import TEST


@pytest.fixture
def world(programme, association):
    enrol(programme, association)  # the representative's association is a member
    public = publish(make_guide(programme, title="Öffentlicher Leitfaden"))
    members = publish(
        make_guide(programme, title="Leitfaden für Mitglieder", visibility=Visibility.MEMBERS)
    )
    draft = make_guide(programme, title="Entwurf eines Leitfadens")
    return {"public": public, "members": members, "draft": draft}


def _titles(client) -> set[str]:
    html = client.get(reverse("guides:library")).content.decode()
    return {t for t in ("Öffentlicher", "für Mitglieder", "Entwurf") if t in html}


def test_the_library_shows_each_user_what_they_may_read(
    client, world, coordinator, representative, outsider, service_provider, interviewer
):
    assert _titles(client) == {"Öffentlicher"}  # the public, no login
    client.force_login(representative)
    assert _titles(client) == {"Öffentlicher", "für Mitglieder"}
    client.force_login(outsider)  # its association is not enrolled
    assert _titles(client) == {"Öffentlicher"}
    client.force_login(service_provider)
    assert _titles(client) == {"Öffentlicher"}
    client.force_login(interviewer)  # works for the programme
    assert _titles(client) == {"Öffentlicher", "für Mitglieder"}
    client.force_login(coordinator)
    assert _titles(client) == {"Öffentlicher", "für Mitglieder", "Entwurf"}


def test_reading_boundaries(client, world, representative, outsider, team_member):
    def status(guide):
        return client.get(reverse("guides:detail", args=[guide.slug])).status_code

    assert [status(world[k]) for k in ("public", "members", "draft")] == [200, 404, 404]
    client.force_login(outsider)
    assert [status(world[k]) for k in ("public", "members", "draft")] == [200, 404, 404]
    client.force_login(representative)
    assert [status(world[k]) for k in ("public", "members", "draft")] == [200, 200, 404]
    client.force_login(team_member)
    assert [status(world[k]) for k in ("public", "members", "draft")] == [200, 200, 200]


def test_only_staff_edit(client, world, representative, interviewer):
    guide = world["public"]
    section = guide.sections.first()
    edit = reverse("guides:edit", args=[guide.slug])
    post = reverse("guides:section_edit", args=[section.pk])
    assert client.get(edit).status_code == 302  # the public: to the login
    assert client.post(reverse("guides:preview"), {"body": "x"}).status_code == 302
    client.force_login(interviewer)  # writes no guide: not even the preview
    assert client.post(reverse("guides:preview"), {"body": "x"}).status_code == 403
    client.force_login(representative)  # reads the guide, may not change it
    assert client.get(edit).status_code == 403
    assert client.post(post, {"title": "x", "body": "gehackt"}).status_code == 403
    assert not Revision.objects.filter(body="gehackt").exists()


def test_staff_author_review_and_publish_through_the_pages(client, team_member, programme):
    client.force_login(team_member)
    response = client.post(
        reverse("guides:create"), {"title": "Leitfaden Kasse", "visibility": "public"}
    )
    guide = Guide.objects.get(title="Leitfaden Kasse")
    assert response.url == reverse("guides:edit", args=[guide.slug])
    client.post(
        reverse("guides:section_add", args=[guide.slug]),
        {"title": "Kassenbuch", "body": "Jede Einnahme."},
    )
    section = guide.sections.get()
    client.post(
        reverse("guides:section_edit", args=[section.pk]),
        {"title": "Kassenbuch", "body": "Jede Einnahme und Ausgabe.", "note": "Ausgaben"},
    )
    assert list(section.revisions.values_list("number", flat=True)) == [1, 2]
    diff = client.get(reverse("guides:section_diff", args=[section.pk]) + "?a=1&b=2")
    html = diff.content.decode()
    assert "<del>Jede Einnahme.</del>" in html and "<ins>Jede Einnahme und Ausgabe.</ins>" in html
    preview = client.post(reverse("guides:preview"), {"body": "**fett** <script>x()</script>"})
    assert "<strong>fett</strong>" in preview.content.decode()
    assert "script" not in preview.content.decode()

    client.post(reverse("guides:transition", args=[guide.slug, "einreichen"]))
    client.post(reverse("guides:comment_add", args=[section.pk]), {"text": "Beispiel?"})
    client.post(reverse("guides:transition", args=[guide.slug, "freigeben"]))
    guide.refresh_from_db()
    assert guide.status == GuideStatus.IN_REVIEW  # an open comment blocks the approval
    client.post(reverse("guides:comment_resolve", args=[section.comments.get().pk]))
    client.post(reverse("guides:transition", args=[guide.slug, "freigeben"]))
    client.post(reverse("guides:transition", args=[guide.slug, "veroeffentlichen"]))
    guide.refresh_from_db()
    assert guide.status == GuideStatus.PUBLISHED
    client.logout()
    assert client.get(reverse("guides:detail", args=[guide.slug])).status_code == 200


def test_library_searches_by_field_language_and_text(client, programme):
    bookkeeping = programme.fields.order_by("position").first()
    other_field = programme.fields.order_by("position").last()
    a = make_guide(programme, title="Leitfaden Buchhaltung", sections=1)
    a.fields.set([bookkeeping])
    services.translation_save(
        actor=TEST, section=a.sections.get(), language="tr", title="Muhasebe", body="Kasa."
    )
    publish(a)
    b = make_guide(programme, title="Leitfaden Öffentlichkeitsarbeit", sections=1)
    b.fields.set([other_field])
    services.section_revise(
        actor=TEST, section=b.sections.get(), title="Presse", body="Die Pressemitteilung."
    )
    publish(b)

    def found(**query):
        html = client.get(reverse("guides:library"), query).content.decode()
        return {g.title for g in (a, b) if g.title in html}

    assert found() == {a.title, b.title}
    assert found(field=bookkeeping.pk) == {a.title}
    assert found(field=other_field.pk) == {b.title}
    assert found(language="tr") == {a.title}
    assert found(language="ar") == set()
    assert found(q="Pressemitteilung") == {b.title}  # in a section's text
    assert found(q="muhasebe") == {a.title}  # in a translation
    assert found(q="Kasse") == set()


@pytest.fixture
def writing_group(programme, association):
    from datetime import date

    from vereinsforum.workinggroups.models import WorkingGroup

    group = WorkingGroup.objects.create(
        programme=programme, name="AG Buchhaltung", formed_on=date(2007, 10, 10)
    )
    person = association.affiliations.first()
    group.memberships.create(
        person=person.person if person else None,
        organisation=association,
        joined_on=date(2007, 10, 10),
    )
    return group


def test_the_working_group_writes_and_submits_but_staff_publish(
    client, programme, representative, outsider, writing_group
):
    guide = make_guide(programme, title="Leitfaden der AG", sections=1)
    guide.working_group = writing_group
    guide.save()
    section = guide.sections.get()
    detail = reverse("guides:detail", args=[guide.slug])

    client.force_login(outsider)  # not in the group: the draft does not exist for them
    assert client.get(detail).status_code == 404
    assert client.get(reverse("guides:section_edit", args=[section.pk])).status_code == 404

    client.force_login(representative)  # its association is a member of the group
    assert client.get(detail).status_code == 200
    assert "Leitfaden der AG" in client.get(reverse("guides:library")).content.decode()
    client.post(
        reverse("guides:section_edit", args=[section.pk]),
        {"title": "Abschnitt 1", "body": "Von der AG überarbeitet."},
    )
    assert section.current.body == "Von der AG überarbeitet."
    client.post(reverse("guides:transition", args=[guide.slug, "einreichen"]))
    guide.refresh_from_db()
    assert guide.status == GuideStatus.IN_REVIEW
    response = client.post(reverse("guides:transition", args=[guide.slug, "freigeben"]))
    assert response.status_code == 403
    assert client.post(reverse("guides:edit", args=[guide.slug]), {"title": "x"}).status_code == 403
    guide.refresh_from_db()
    assert guide.status == GuideStatus.IN_REVIEW and guide.title == "Leitfaden der AG"
