"""The programmes' pages: recording a participation step, the project team and the
interviewers' assignments, and the participation panel of an organisation's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import Role, User
from vereinsforum.accounts.scoping import EDIT, get_for_user, login_with_role, role_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.names import sentence
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.forms import (
    AssociationsForm,
    ParticipationStepForm,
    TeamMemberEndForm,
    TeamMemberForm,
)
from vereinsforum.programmes.models import (
    InterviewerAssignment,
    Participation,
    ParticipationStep,
    Programme,
    Step,
    TeamMember,
)
from vereinsforum.programmes.services import participation_step_record
from vereinsforum.programmes.team_services import (
    interviewer_assignments_add,
    interviewer_unassign,
    team_member_add,
    team_member_end,
    team_member_remove,
)


def organisation_participation(user, organisation: Organisation) -> dict:
    """The participation panel of an organisation's page (organisations/views.py asks for
    it through the AppConfig hook `organisation_detail_context`): the steps recorded, the
    status in the current programme and, for a coordinator, the form to record a step."""
    steps = (
        ParticipationStep.objects.filter(participation__organisation=organisation)
        .select_related("participation__programme")
        .order_by("date", "id")
    )
    programme = Programme.current()
    step_form = None
    # Associations are the programme's participants; the funnel counts nothing else.
    if user.is_coordinator and programme is not None and organisation.is_association:
        step_form = ParticipationStepForm(prefix=ParticipationStepForm.PREFIX)
    participation = (
        Participation.objects.filter(programme=programme, organisation=organisation).first()
        if programme
        else None
    )
    status = participation.status() if participation else None
    return {
        "steps": steps,
        "programme": programme,
        "participation_status": Step(status).label if status else None,
        "step_form": step_form,
    }


@login_with_role
def team(request):
    programme = Programme.current()
    members = (
        programme.team.select_related("person", "organisation").order_by(
            "role", "organisation__name"
        )
        if programme
        else []
    )
    today = timezone.localdate()
    # As for affiliations, the end date is the day it ended: ended today is former now.
    current = [m for m in members if m.until is None or m.until > today]
    former = [m for m in members if m.until is not None and m.until <= today]
    return render(
        request,
        "programmes/team.html",
        {
            "programme": programme,
            "members": current,
            "former": former,
            "may_manage": request.user.role == Role.COORDINATOR,
        },
    )


@role_required(Role.COORDINATOR)
def participation_record(request, organisation_pk: int):
    """Record an invitation, enrolment or withdrawal in the current programme. The
    organisation page posts here; a refused step is shown again here with what was typed."""
    # Associations are the programme's participants; the funnel counts nothing else.
    organisation = get_for_user(
        request.user, Organisation.objects.associations(), EDIT, pk=organisation_pk
    )
    programme = Programme.current()
    if programme is None:
        raise Http404(_("There is no programme yet."))
    form = ParticipationStepForm(
        request.POST if request.method == "POST" else None, prefix=ParticipationStepForm.PREFIX
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participation_step_record(
                actor=request.user,
                programme=programme,
                organisation=organisation,
                step=data["step"],
                on=data["on"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                sentence(
                    _("“%(step)s” has been recorded for %(org)s."),
                    step=Step(data["step"]).label,
                    org=organisation,
                ),
            )
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "programmes/participation_record.html",
        {"organisation": organisation, "programme": programme, "form": form},
    )


# ---- the project team -----------------------------------------------------------------------


def _current_programme_or_setup(request):
    """The current programme, or a redirect to the set-up with a word why."""
    programme = Programme.current()
    if programme is None:
        messages.info(request, _("Please set up the programme first."))
        return None, redirect("programmes:setup")
    return programme, None


@role_required(Role.COORDINATOR)
def team_add(request):
    programme, leave = _current_programme_or_setup(request)
    if leave:
        return leave
    form = TeamMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team_member_add(
                actor=request.user,
                programme=programme,
                person=data["person"],
                organisation=data["organisation"],
                role=data["role"],
                since=data["since"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The team member has been added."))
            return redirect("programmes:team")
    return render(request, "programmes/team_add.html", {"programme": programme, "form": form})


def _team_member(pk: int) -> TeamMember:
    # Team rows are the programme's record, read by every role (the team page) and changed
    # by coordinators only, which the decorators check before this lookup.
    return get_object_or_404(TeamMember.objects.select_related("person", "organisation"), pk=pk)


@role_required(Role.COORDINATOR)
def team_end(request, pk: int):
    """End a membership on a date (it stays in the team's history), or, for a row entered
    by mistake, remove it (a separate post to `team_remove`)."""
    member = _team_member(pk)
    form = TeamMemberEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            team_member_end(actor=request.user, member=member, until=form.cleaned_data["until"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The membership has been ended."))
            return redirect("programmes:team")
    return render(request, "programmes/team_end.html", {"member": member, "form": form})


@role_required(Role.COORDINATOR)
@require_POST
def team_remove(request, pk: int):
    team_member_remove(actor=request.user, member=_team_member(pk))
    messages.success(request, _("The entry has been removed from the team."))
    return redirect("programmes:team")


# ---- interviewer assignments ----------------------------------------------------------------


def _interviewers():
    return User.objects.filter(role=Role.INTERVIEWER).select_related("person")


@role_required(Role.COORDINATOR)
def interviewers(request):
    programme = Programme.current()
    rows = _interviewers().annotate(
        assigned=Count(
            "interviewer_assignments",
            filter=Q(interviewer_assignments__programme=programme),
        )
    )
    return render(
        request,
        "programmes/interviewers.html",
        {"programme": programme, "interviewers": rows.order_by("-is_active", "last_name")},
    )


#: More matches than this and the page asks for a narrower search.
SEARCH_LIMIT = 40


@role_required(Role.COORDINATOR)
def interviewer_assignments(request, pk: int):
    """One interviewer's associations: the assigned ones (each can be removed), and a
    search by name for more."""
    interviewer = get_object_or_404(_interviewers(), pk=pk)
    programme, leave = _current_programme_or_setup(request)
    if leave:
        return leave
    assigned = InterviewerAssignment.objects.filter(
        programme=programme, interviewer=interviewer
    ).select_related("organisation")
    unassigned = (
        Organisation.objects.associations()
        .exclude(pk__in=assigned.values("organisation_id"))
        .order_by("name")
    )
    if request.method == "POST":
        # The choices were the search's; an error goes back to the page as a message, so
        # the form is not shown again with every association there is.
        form = AssociationsForm(request.POST, choices=unassigned)
        try:
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            added = interviewer_assignments_add(
                actor=request.user,
                programme=programme,
                interviewer=interviewer,
                organisations=form.cleaned_data["organisations"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d association has been assigned.",
                    "%(count)d associations have been assigned.",
                    len(added),
                )
                % {"count": len(added)},
            )
        return redirect("programmes:interviewer_assignments", pk=pk)
    query = request.GET.get("q", "").strip()[:100]
    show_all = request.GET.get("alle") == "1"
    found = unassigned
    if query:
        found = found.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    total = found.count() if (query or show_all) else 0
    form = AssociationsForm(choices=found[:SEARCH_LIMIT])
    return render(
        request,
        "programmes/interviewer_assignments.html",
        {
            "interviewer": interviewer,
            "programme": programme,
            "assigned": assigned.order_by("organisation__name"),
            "form": form,
            "query": query,
            "searched": bool(query or show_all),
            "total": total,
            "limit": SEARCH_LIMIT,
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def interviewer_unassign_view(request, pk: int):
    assignment = get_object_or_404(
        InterviewerAssignment.objects.select_related("organisation"), pk=pk
    )
    interviewer_unassign(actor=request.user, assignment=assignment)
    messages.success(
        request,
        _("%(org)s is no longer assigned.") % {"org": assignment.organisation.name},
    )
    return redirect("programmes:interviewer_assignments", pk=assignment.interviewer_id)
