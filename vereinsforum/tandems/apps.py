"""The tandems app's hooks: the navigation entry for staff and representatives, and the
dashboard tasks (proposals to review, proposals to answer)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TandemsConfig(AppConfig):
    name = "vereinsforum.tandems"
    label = "tandems"
    verbose_name = _("Tandems")

    def nav_items(self, user):
        from vereinsforum.tandems.scoping import acting_association, is_tandem_staff
        from vereinsforum.web.navigation import NavItem

        if is_tandem_staff(user) or acting_association(user):
            return [NavItem(_("Tandems"), "tandems:index", order=47)]
        return []

    def dashboard_tasks(self, user):
        from django.urls import reverse
        from django.utils.translation import gettext

        from vereinsforum.tandems.models import Tandem, TandemStatus
        from vereinsforum.tandems.scoping import acting_association, is_tandem_staff
        from vereinsforum.web.navigation import Task

        tasks = []
        if is_tandem_staff(user):
            waiting = Tandem.objects.filter(status=TandemStatus.PROPOSED).count()
            if waiting:
                tasks.append(
                    Task(gettext("Tandem proposals to review"), reverse("tandems:index"), waiting)
                )
        org = acting_association(user)
        if org:
            open_answers = Tandem.objects.for_user(user).awaiting_answer_from(org).count()
            if open_answers:
                tasks.append(
                    Task(gettext("Answer tandem proposals"), reverse("tandems:index"), open_answers)
                )
        return tasks

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: feedback on a tandem is free text that may name
        the person."""
        import re

        from vereinsforum.tandems.models import Tandem

        terms = [t for t in terms if t and t.strip()]
        if not terms:
            return
        pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
        for name in ("mentor_feedback", "mentee_feedback"):
            for term in terms:
                for row in Tandem.objects.filter(**{f"{name}__icontains": term}):
                    setattr(row, name, pattern.sub("–", getattr(row, name)))
                    row.save(update_fields=[name])
