"""The guides app's hooks: the library in the navigation, staff's review and publication
tasks on the dashboard, and erasure of a person's name from the review comments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "vereinsforum.guides"
    label = "guides"
    verbose_name = _("Guides")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        # The library is public: everyone reads the public guides.
        return [NavItem(_("Guides"), "guides:library", order=50)]

    def dashboard_tasks(self, user):
        from django.urls import reverse

        from vereinsforum.guides.models import Guide, GuideStatus
        from vereinsforum.guides.scoping import is_guide_staff
        from vereinsforum.web.navigation import Task

        if not is_guide_staff(user):
            return []
        tasks = []
        for status, label in (
            (GuideStatus.IN_REVIEW, _("Guides waiting for review")),
            (GuideStatus.APPROVED, _("Approved guides not yet published")),
        ):
            count = Guide.objects.filter(status=status).count()
            if count:
                tasks.append(Task(label, reverse("guides:library") + f"?status={status}", count))
        return tasks

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: their name goes from the review comments.
        Revisions and comments point at accounts, which erasure renames itself."""
        from vereinsforum.guides.services import comments_erase

        comments_erase(terms=terms)

    def measure_progress_parts(self, measure):
        """A measure's guides count as done once published."""
        from django.urls import reverse
        from django.utils.translation import gettext

        from vereinsforum.guides.models import GuideStatus
        from vereinsforum.measures.progress import ProgressPart

        statuses = list(measure.guides.values_list("status", flat=True))
        if not statuses:
            return []
        return [
            ProgressPart(
                label=gettext("Guides published"),
                done=sum(s == GuideStatus.PUBLISHED for s in statuses),
                total=len(statuses),
                url=reverse("guides:library"),
            )
        ]

    def measure_outputs(self, measures):
        """The published guides of `measures`, for the traceability page (outputs)."""
        from vereinsforum.guides.models import Guide

        return list(
            Guide.objects.published()
            .filter(measure__in=measures)
            .select_related("measure")
            .order_by("published_at", "pk")
        )
