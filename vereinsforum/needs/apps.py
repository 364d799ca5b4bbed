"""The needs app's configuration and its hooks for the rest of the site.

The web app asks every app for its navigation items and dashboard tasks (interviews to
fill in or to validate); the needs app answers here, so web need not import it.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "vereinsforum.needs"
    label = "needs"
    verbose_name = _("Needs analysis")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        # The aggregates are public; single results sit behind the scoping inside.
        return [NavItem(_("Needs analysis"), "needs:index", order=30)]

    def dashboard_tasks(self, user):
        """Interviews to do (interviewer) or to validate (coordinator) per wave, and the
        representative's unfinished self-assessments. One query for all waves: the count
        is annotated, so the dashboard's queries do not grow with the waves."""
        from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Q, Subquery
        from django.db.models.functions import Coalesce
        from django.urls import reverse

        from vereinsforum.accounts.models import Role
        from vereinsforum.needs.models import Interview, Status, Wave
        from vereinsforum.programmes.models import Programme
        from vereinsforum.programmes.scoping import assigned_organisation_ids
        from vereinsforum.web.navigation import Task

        if not (user.is_authenticated and user.is_active):
            return []
        programme = Programme.current()
        if programme is None:
            return []
        waves = Wave.objects.filter(programme=programme)
        tasks = []
        if user.role == Role.INTERVIEWER:
            done = Interview.objects.filter(
                wave=OuterRef(OuterRef("pk")),
                organisation_id=OuterRef("organisation_id"),
                status__in=[Status.SUBMITTED, Status.VALIDATED],
            )
            open_assigned = (
                assigned_organisation_ids(user)
                .filter(programme=programme)
                .exclude(Exists(done))
                .order_by()
                .annotate(n=Func("pk", function="COUNT"))
                .values("n")
            )
            counted = waves.annotate(
                open_count=Coalesce(Subquery(open_assigned, output_field=IntegerField()), 0)
            )
            for wave in counted:
                if wave.open_count:
                    tasks.append(
                        Task(
                            _("Interviews to do: %(wave)s") % {"wave": wave.title},
                            reverse("needs:wave", args=[wave.pk]),
                            wave.open_count,
                        )
                    )
        elif user.role == Role.COORDINATOR:
            counted = waves.annotate(
                submitted=Count("interviews", filter=Q(interviews__status=Status.SUBMITTED))
            )
            for wave in counted:
                if wave.submitted:
                    tasks.append(
                        Task(
                            _("Answers to validate: %(wave)s") % {"wave": wave.title},
                            reverse("needs:wave", args=[wave.pk]),
                            wave.submitted,
                        )
                    )
        elif user.role == Role.REPRESENTATIVE and user.acting_for_id:
            drafts = Interview.objects.filter(
                wave__in=waves,
                organisation_id=user.acting_for_id,
                status=Status.DRAFT,
                mode="self_assessment",
            )
            for interview in drafts.select_related("wave"):
                tasks.append(
                    Task(
                        _("Finish the self-assessment: %(wave)s") % {"wave": interview.wave.title},
                        reverse("needs:interview", args=[interview.pk]),
                    )
                )
        return tasks
