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
            for wave in waves:
                assigned = assigned_organisation_ids(user).filter(programme=programme)
                done = Interview.objects.filter(
                    wave=wave, status__in=[Status.SUBMITTED, Status.VALIDATED]
                ).values("organisation_id")
                open_count = assigned.exclude(organisation_id__in=done).count()
                if open_count:
                    tasks.append(
                        Task(
                            _("Interviews to do: %(wave)s") % {"wave": wave.title},
                            reverse("needs:wave", args=[wave.pk]),
                            open_count,
                        )
                    )
        elif user.role == Role.COORDINATOR:
            for wave in waves:
                count = Interview.objects.filter(wave=wave, status=Status.SUBMITTED).count()
                if count:
                    tasks.append(
                        Task(
                            _("Answers to validate: %(wave)s") % {"wave": wave.title},
                            reverse("needs:wave", args=[wave.pk]),
                            count,
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
