"""The shell's own pages: start, dashboard, accessibility (and its feedback), privacy, imprint.

The dashboard knows no other app: each contributes its tasks and its part of the page through
its AppConfig (web/navigation.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import acting_user
from vereinsforum.lib.ratelimit import Limit, client_ip
from vereinsforum.web.forms import AccessibilityFeedbackForm
from vereinsforum.web.models import SiteDetails
from vereinsforum.web.navigation import dashboard_context, dashboard_tasks
from vereinsforum.web.services import accessibility_feedback_submit


def _site_details(request) -> dict:
    """The operator's details for a public page, and whether to tell the reader that they
    are still missing (coordinators only: the public sees the neutral placeholder)."""
    user = request.user
    return {
        "site": SiteDetails.load(),
        "may_configure": acting_user(user) and user.role == Role.COORDINATOR,
    }


def start(request):
    return render(request, "web/start.html", _site_details(request))


@login_required
def dashboard(request):
    if not acting_user(request.user):
        # Logged in, but without a role, or a representative whose role in the association
        # has ended: nothing to show but where to turn (every other page answers 403).
        return render(request, "web/dashboard.html", {"without_access": True})
    return render(
        request,
        "web/dashboard.html",
        {
            # The programme's panel (programmes) and the next events (events).
            **dashboard_context(request.user),
            # On a fresh install the coordinator is led into the set-up from here.
            "may_set_up": request.user.role == Role.COORDINATOR,
            "tasks": dashboard_tasks(request.user),
        },
    )


def accessibility(request):
    return render(request, "web/accessibility.html")


def accessibility_feedback(request):
    form = AccessibilityFeedbackForm(
        request.POST if request.method == "POST" else None,
        initial={"page_url": request.GET.get("page", "")},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        limit = Limit.named("feedback_ip")
        if limit.hit(client_ip(request)):
            accessibility_feedback_submit(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you. We have received your report and will answer."))
            return redirect("web:accessibility")
        form.add_error(None, limit.refusal())
        status = 429
    return render(request, "web/accessibility_feedback.html", {"form": form}, status=status)


def privacy(request):
    return render(request, "web/privacy.html", _site_details(request))


def imprint(request):
    return render(request, "web/imprint.html", _site_details(request))


def favicon(request):
    # Resolved per request: the hashed name exists only after collectstatic.
    return redirect(static("web/favicon.svg"), permanent=True)
