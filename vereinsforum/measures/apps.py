"""The measures app, and what it adds to the others through their AppConfig hooks: its
menu item, the events part of a measure's progress, and erasing a person from its free text."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "vereinsforum.measures"
    label = "measures"
    verbose_name = _("Measures")

    def nav_items(self, user):
        from vereinsforum.accounts.models import STAFF_ROLES, Role
        from vereinsforum.accounts.scoping import acting_user
        from vereinsforum.web.navigation import NavItem

        if acting_user(user) and user.role in (*STAFF_ROLES, Role.REPRESENTATIVE):
            return [NavItem(_("Measures"), "measures:list", order=45)]
        return []

    def measure_progress_parts(self, measure):
        """The events part: of the linked events that were not cancelled, those that have
        ended. Nothing while no event is linked (a guide has no events)."""
        from django.utils import timezone
        from django.utils.translation import gettext

        from vereinsforum.measures.progress import ProgressPart

        events = measure.events.filter(cancelled_at__isnull=True)
        total = events.count()
        if not total:
            return []
        done = events.filter(end__lt=timezone.now()).count()
        return [ProgressPart(label=gettext("Events held"), done=done, total=total)]

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: a measure's description, feedback and the notes
        on its timeline are free text that may name the person."""
        import re

        from vereinsforum.measures.models import Measure, StatusChange

        terms = [t for t in terms if t and t.strip()]
        if not terms:
            return
        pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
        for model, names in ((Measure, ("description", "feedback")), (StatusChange, ("note",))):
            for name in names:
                for term in terms:
                    for row in model.objects.filter(**{f"{name}__icontains": term}):
                        setattr(row, name, pattern.sub("–", getattr(row, name)))
                        row.save(update_fields=[name])
