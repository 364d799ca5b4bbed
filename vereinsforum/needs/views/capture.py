"""Waves and the capture of interviews and self-assessments (with htmx autosave)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import get_for_user, login_with_role, role_required
from vereinsforum.needs import services
from vereinsforum.needs.forms import ReturnForm, WaveForm, capture_forms, parse_capture
from vereinsforum.needs.models import Interview, Mode, Status, Wave
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import Programme, Step
from vereinsforum.programmes.scoping import assigned_organisation_ids


def current_programme() -> Programme:
    programme = Programme.current()
    if programme is None:
        raise Http404
    return programme


def index(request):
    programme = Programme.current()
    waves = list(programme.needs_waves.order_by("-period_start")) if programme else []
    user = request.user
    own = None
    # is_representative: only while the account acts for its association (not a former chair).
    if user.is_authenticated and user.is_representative:
        own = user.acting_for
    return render(
        request,
        "needs/index.html",
        {
            "programme": programme,
            "waves": waves,
            "own": own,
            "is_coordinator": getattr(user, "is_coordinator", False),
        },
    )


@role_required(Role.COORDINATOR)
def wave_create(request):
    programme = current_programme()
    form = WaveForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The wave has been created."))
            return redirect("needs:wave", pk=wave.pk)
    return render(request, "needs/wave_form.html", {"form": form, "programme": programme})


@login_with_role
def wave_detail(request, pk: int):
    wave = get_object_or_404(Wave.objects.select_related("instrument", "programme"), pk=pk)
    user = request.user
    interviews = list(
        Interview.objects.for_user(user)
        .filter(wave=wave)
        .select_related("organisation", "interviewer")
        .order_by("organisation__name")
    )
    started = {iv.organisation_id for iv in interviews}
    # Associations the user could start capturing for, that have nothing in this wave yet.
    if user.role == Role.INTERVIEWER:
        candidates = Organisation.objects.filter(pk__in=assigned_organisation_ids(user))
        mode = Mode.INTERVIEW
    elif user.role == Role.REPRESENTATIVE:
        candidates = Organisation.objects.filter(pk=user.acting_for_id)
        mode = Mode.SELF_ASSESSMENT
    elif user.role == Role.COORDINATOR:
        candidates = wave.programme.organisations_at(Step.ENROLLED)
        mode = Mode.INTERVIEW
    else:
        candidates, mode = Organisation.objects.none(), None
    todo = [
        org
        for org in candidates.order_by("name")
        if org.pk not in started
        and not Interview.objects.filter(wave=wave, organisation=org).exists()
    ]
    counts = {s: Interview.objects.filter(wave=wave, status=s).count() for s in Status.values}
    return render(
        request,
        "needs/wave_detail.html",
        {
            "wave": wave,
            "interviews": interviews,
            "todo": todo,
            "mode": mode,
            "counts": counts,
            "is_coordinator": user.is_coordinator,
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_with_role
def interview_start(request, pk: int):
    wave = get_object_or_404(Wave, pk=pk)
    try:
        organisation = get_for_user(
            request.user, Organisation.objects.all(), pk=int(request.POST.get("organisation", 0))
        )
    except ValueError as exc:
        raise Http404 from exc
    mode = request.POST.get("mode", "")
    try:
        interview = services.interview_start(
            actor=request.user,
            wave=wave,
            organisation=organisation,
            mode=mode,
            conducted_on=timezone.localdate() if mode == Mode.INTERVIEW else None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("needs:wave", pk=wave.pk)
    return redirect("needs:interview", pk=interview.pk)


def _interview(request, pk: int) -> Interview:
    return get_for_user(
        request.user,
        Interview.objects.select_related("wave__instrument", "organisation", "interviewer"),
        pk=pk,
    )


@login_with_role
def interview_detail(request, pk: int):
    """The capture form while the interview is a draft the user may edit; otherwise read-only."""
    interview = _interview(request, pk)
    editable = services.may_edit(request.user, interview)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        general, answers = capture_forms(interview, request.POST)
        try:
            capture = parse_capture(general, answers)
            errors = services.interview_save(
                actor=request.user,
                interview=interview,
                general=capture.general,
                languages=capture.languages,
                answers=capture.answers,
            )
            if not errors and not any(f.errors for f in (general, *answers)):
                if request.POST.get("action") == "submit":
                    services.interview_submit(actor=request.user, interview=interview)
                    messages.success(request, _("The answers have been submitted. Thank you."))
                else:
                    messages.success(request, _("The draft has been saved."))
                return redirect("needs:interview", pk=interview.pk)
            _add_service_errors(answers, errors)
        except ValidationError as exc:
            general.add_error(None, exc)
        # Re-render the posted values with their errors: nothing typed is lost.
        return render(
            request,
            "needs/interview_capture.html",
            {
                "interview": interview,
                "general": general,
                "answers": answers,
            },
            status=400,
        )
    if editable:
        general, answers = capture_forms(interview)
        return render(
            request,
            "needs/interview_capture.html",
            {
                "interview": interview,
                "general": general,
                "answers": answers,
            },
        )
    rows = interview.answers.select_related("field").order_by("field__position")
    return render(
        request,
        "needs/interview_detail.html",
        {
            "interview": interview,
            "rows": rows,
            "return_form": ReturnForm(),
            "items": interview.wave.instrument.items_by_key(),
            "is_coordinator": request.user.is_coordinator,
        },
    )


def _add_service_errors(answers, errors: dict[str, str]) -> None:
    for form in answers:
        for name in form.fields:
            message = errors.get(f"{form.prefix}-{name}")
            if message and name not in form.errors:
                form.add_error(name, message)


@require_POST
@login_with_role
def interview_autosave(request, pk: int):
    """htmx: save what is valid, answer with the status line (the form is not swapped, so the
    user's typing is never overwritten)."""
    interview = _interview(request, pk)
    if not services.may_edit(request.user, interview):
        raise PermissionDenied
    general, answers = capture_forms(interview, request.POST)
    problems: list[str] = []
    try:
        capture = parse_capture(general, answers)
        errors = services.interview_save(
            actor=request.user,
            interview=interview,
            general=capture.general,
            languages=capture.languages,
            answers=capture.answers,
        )
    except ValidationError as exc:
        errors, problems = {}, list(exc.messages)
    _add_service_errors(answers, errors)
    for form in (general, *answers):
        for name, field_errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            prefix = f"{form.answer.field}: " if hasattr(form, "answer") else ""
            problems.append(f"{prefix}{label}: {' '.join(str(e) for e in field_errors)}")
    interview.refresh_from_db(fields=["saved_at"])
    return render(
        request,
        "needs/interview_capture.html#autosave-status",
        {
            "interview": interview,
            "problems": problems,
            "autosaved": True,
        },
    )


@require_POST
@role_required(Role.COORDINATOR)
def interview_validate(request, pk: int):
    interview = _interview(request, pk)
    try:
        services.interview_validate(actor=request.user, interview=interview)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The interview has been validated."))
    if request.POST.get("back") == "interview":
        return redirect("needs:interview", pk=interview.pk)
    return redirect("needs:wave", pk=interview.wave_id)


@require_POST
@role_required(Role.COORDINATOR)
def interview_return(request, pk: int):
    interview = _interview(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs correcting."))
        return redirect("needs:interview", pk=interview.pk)
    try:
        services.interview_return(
            actor=request.user, interview=interview, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The interview has been returned for correction."))
    return redirect("needs:interview", pk=interview.pk)
