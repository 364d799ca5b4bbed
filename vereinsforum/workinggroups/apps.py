"""The working groups app's hooks: the navigation entry, the user's open tasks on the
dashboard, a measure's progress from its groups' tasks, and erasure of a person."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkinggroupsConfig(AppConfig):
    name = "vereinsforum.workinggroups"
    label = "workinggroups"
    verbose_name = _("Working groups")

    def nav_items(self, user):
        from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES
        from vereinsforum.accounts.scoping import acting_user
        from vereinsforum.web.navigation import NavItem

        if not acting_user(user) or user.role not in (*STAFF_ROLES, *ORGANISATION_ROLES):
            return []
        return [NavItem(_("Working groups"), "workinggroups:list", order=45)]

    def dashboard_tasks(self, user):
        """Open tasks the user's person owns in groups they may still work in."""
        from django.urls import reverse
        from django.utils.translation import gettext

        from vereinsforum.accounts.scoping import acting_user
        from vereinsforum.web.navigation import Task as DashboardTask
        from vereinsforum.workinggroups.models import Task, TaskStatus
        from vereinsforum.workinggroups.scoping import WORK

        if not acting_user(user) or not user.person_id:
            return []
        tasks = (
            Task.objects.for_user(user, WORK)
            .filter(owner_id=user.person_id)
            .exclude(status=TaskStatus.DONE)
            .select_related("group")
            .order_by("due_on", "pk")[:5]
        )
        return [
            DashboardTask(
                gettext("Working group task: %(title)s") % {"title": task.title},
                reverse("workinggroups:detail", args=[task.group_id]),
            )
            for task in tasks
        ]

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: memberships, the lead and task owners keep
        pointing at the person (who now reads "Erased person #id"); their name goes from
        the texts typed into groups. Documents are not searched: see `texts_erase`."""
        from vereinsforum.workinggroups.services import texts_erase

        texts_erase(terms=terms)

    def measure_progress_parts(self, measure):
        """The tasks of the measure's working groups, done of all."""
        from django.db.models import Count, Q
        from django.urls import reverse
        from django.utils.translation import gettext

        from vereinsforum.measures.progress import ProgressPart
        from vereinsforum.workinggroups.models import TaskStatus, WorkingGroup

        groups = list(
            WorkingGroup.objects.filter(measure=measure)
            .annotate(
                total=Count("tasks"), done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE))
            )
            .order_by("formed_on", "pk")
        )
        if not groups:
            return []
        url = (
            reverse("workinggroups:detail", args=[groups[0].pk])
            if len(groups) == 1
            else reverse("workinggroups:list")
        )
        return [
            ProgressPart(
                gettext("Working group tasks done"),
                sum(g.done for g in groups),
                sum(g.total for g in groups),
                url,
            )
        ]
