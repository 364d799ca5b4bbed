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
        from django.db.models import Exists, OuterRef, Q
        from django.db.models.functions import TruncDate
        from django.urls import reverse
        from django.utils import timezone
        from django.utils.translation import gettext

        from vereinsforum.accounts.models import Role
        from vereinsforum.accounts.scoping import acting_user
        from vereinsforum.forum.models import Membership, Poll, Voter
        from vereinsforum.forum.scoping import is_forum_staff, may_read_forum
        from vereinsforum.lib.translated import translated
        from vereinsforum.organisations.models import Person
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
        # The polls `voting_membership` would let this user vote in and their association
        # has not voted in yet, found in one query (not one per open poll): a membership of
        # the poll's forum held by the association, naming the user's person as delegate or
        # deputy, running on the day the poll opened (Poll.entitled_on, in local time).
        if not (acting_user(user) and user.role == Role.REPRESENTATIVE):
            return tasks
        org, person = user.acting_for_id, user.person_id
        if not (org and person):
            return tasks
        if not Person.objects.affiliated_with(org).filter(pk=person).exists():
            return tasks
        opened_on = OuterRef("opened_on")
        entitled = Membership.objects.filter(
            Q(end__isnull=True) | Q(end__gte=opened_on),
            Q(delegate_id=person) | Q(deputy_id=person),
            body=OuterRef("body"),
            organisation_id=org,
            start__lte=opened_on,
        )
        voted = Voter.objects.filter(poll=OuterRef("pk"), organisation_id=org)
        polls = (
            Poll.objects.open_at(now)
            .annotate(opened_on=TruncDate("opens_at", tzinfo=timezone.get_current_timezone()))
            .filter(Exists(entitled))
            .exclude(Exists(voted))
            .order_by("closes_at")
        )
        for poll in polls:
            tasks.append(
                Task(
                    gettext("Vote in the forum: %(title)s") % {"title": translated(poll, "title")},
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
