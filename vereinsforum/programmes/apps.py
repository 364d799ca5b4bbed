"""The programmes app: a funded programme, its fields, the associations' participation, the
project team and the interviewers' assignments. Its AppConfig adds the navigation, the
set-up tasks, and the hooks the organisations app asks for (organisations/hooks.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "vereinsforum.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def nav_items(self, user):
        from vereinsforum.accounts.models import Role
        from vereinsforum.web.navigation import NavItem

        if not (user.is_authenticated and getattr(user, "role", "")):
            return []
        items = [NavItem(_("Project team"), "programmes:team", order=90)]
        if user.role == Role.COORDINATOR:
            items.append(NavItem(_("Set-up"), "programmes:setup", order=95))
        return items

    def assigned_organisation_ids(self, user):
        """The hook organisations' scoping asks for an interviewer's associations (it does
        not import programmes: programmes builds on organisations)."""
        from vereinsforum.programmes.scoping import assigned_organisation_ids

        return assigned_organisation_ids(user)

    def organisation_detail_context(self, user, organisation):
        """The participation panel of an organisation's page (see programmes/views.py)."""
        from vereinsforum.programmes.views import organisation_participation

        return organisation_participation(user, organisation)

    def participation_step_choices(self):
        """The steps the organisations list filters by ("has reached this step")."""
        from vereinsforum.programmes.models import Step

        return Step.choices

    def dashboard_context(self, user):
        """The dashboard's programme panel: the current programme, its funnel and fields."""
        from vereinsforum.programmes.models import Programme

        programme = Programme.current()
        return {
            "programme": programme,
            "funnel": programme.funnel() if programme else None,
            "fields": programme.fields.order_by("position") if programme else [],
        }

    def dashboard_tasks(self, user):
        """The coordinator's unfinished set-up steps, once the programme exists (before, the
        dashboard itself calls to set it up)."""
        from django.utils.translation import gettext

        from vereinsforum.accounts.models import Role
        from vereinsforum.accounts.scoping import acting_user
        from vereinsforum.programmes.setup import setup_steps
        from vereinsforum.web.navigation import Task

        if not (acting_user(user) and user.role == Role.COORDINATOR):
            return []
        steps = setup_steps()
        if not steps[0].done:
            return []
        return [
            Task(gettext("Set-up: “%(step)s” is not done yet") % {"step": step.label}, step.url)
            for step in steps
            if not step.done
        ]
