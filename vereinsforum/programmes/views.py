from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, login_with_role, role_required
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.forms import ParticipationStepForm
from vereinsforum.programmes.models import Programme, Step
from vereinsforum.programmes.services import participation_step_record


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
    return render(request, "programmes/team.html", {"programme": programme, "members": members})


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
                _("“%(step)s” has been recorded for %(org)s.")
                % {"step": Step(data["step"]).label, "org": organisation},
            )
            return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "programmes/participation_record.html",
        {"organisation": organisation, "programme": programme, "form": form},
    )
