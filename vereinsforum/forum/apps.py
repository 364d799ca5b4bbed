"""The forum app's configuration and its hooks for the rest of the site.

The web app asks every app for its navigation items and dashboard tasks (a delegate with an
open poll to vote in), and erasure asks each app to detach a person from its rows; the forum
answers here, so web and organisations need not import the forum.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "vereinsforum.forum"
    label = "forum"
    verbose_name = _("Forum")

    def nav_items(self, user):
        from vereinsforum.forum.scoping import may_read_forum
        from vereinsforum.web.navigation import NavItem

        if not may_read_forum(user):
            return []
        return [NavItem(_("Forum"), "forum:index", order=40)]

    def dashboard_tasks(self, user):
        from django.urls import reverse
        from django.utils import timezone
        from django.utils.translation import gettext

        from vereinsforum.forum.models import Poll
        from vereinsforum.forum.scoping import is_forum_staff, may_read_forum, voting_membership
        from vereinsforum.lib.translated import translated
        from vereinsforum.web.navigation import Task

        if not may_read_forum(user):
            return []
        now = timezone.now()
        tasks = []
        if is_forum_staff(user):
            due = Poll.objects.filter(closes_at__lte=now, counted_at__isnull=True)
            for poll in due.order_by("closes_at")[:5]:
                tasks.append(
                    Task(
                        gettext("Count the poll “%(title)s”")
                        % {"title": translated(poll, "title")},
                        reverse("forum:poll_results", args=[poll.pk]),
                    )
                )
            return tasks
        for poll in Poll.objects.open_at(now).select_related("body").order_by("closes_at"):
            membership = voting_membership(user, poll)
            if membership and not poll.voters.filter(organisation=membership.organisation).exists():
                tasks.append(
                    Task(
                        gettext("Vote in the forum: %(title)s")
                        % {"title": translated(poll, "title")},
                        reverse("forum:poll_detail", args=[poll.pk]),
                    )
                )
        return tasks

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: a drawing of lots names who drew by username,
        which may be a name; it now reads as the renamed account."""
        from vereinsforum.forum.models import TieDraw

        if account is not None:
            TieDraw.objects.filter(drawn_by=account).update(drawn_by_label=account.username)
