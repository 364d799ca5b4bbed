from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "vereinsforum.reports"
    label = "reports"
    verbose_name = _("Council reports")

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        if getattr(user, "is_programme_staff", False):
            return [NavItem(_("Council papers"), "reports:list", order=70)]
        return [NavItem(_("Published reports"), "reports:public", order=70)]

    def dashboard_tasks(self, user):
        from django.urls import reverse

        from vereinsforum.reports.models import Report, ReportStatus
        from vereinsforum.web.navigation import Task

        if not getattr(user, "is_coordinator", False):
            return []
        drafts = Report.objects.alive().filter(status=ReportStatus.DRAFT).count()
        if not drafts:
            return []
        return [Task(_("Council papers not yet issued"), reverse("reports:list"), drafts)]
