"""Pages of the working groups. Staff run every group; the representatives of its member
associations read it and work on its tasks and documents (scoping.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vereinsforum.accounts.models import ORGANISATION_ROLES, STAFF_ROLES
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.events.models import Event
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.programmes.models import Programme
from vereinsforum.workinggroups.forms import (
    DocumentForm,
    GroupForm,
    MeetingForm,
    MemberForm,
    StatusForm,
    TaskForm,
)
from vereinsforum.workinggroups.models import Document, Membership, Task, TaskStatus, WorkingGroup
from vereinsforum.workinggroups.scoping import WORK, is_group_staff
from vereinsforum.workinggroups.services import (
    document_delete,
    document_upload,
    meeting_create,
    membership_add,
    membership_end,
    task_create,
    task_status_change,
    task_update,
    working_group_create,
    working_group_update,
)

staff_only = role_required(*STAFF_ROLES)
#: Staff and the people who act for an association; interviewers have no business here.
members_and_staff = role_required(*STAFF_ROLES, *ORGANISATION_ROLES)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@members_and_staff
@require_GET
def group_list(request):
    groups = (
        WorkingGroup.objects.for_user(request.user)
        .select_related("lead", "measure")
        .order_by("-formed_on", "pk")
    )
    return render(
        request,
        "workinggroups/group_list.html",
        {"groups": groups, "may_create": is_group_staff(request.user)},
    )


def _detail_context(request, group: WorkingGroup, **forms) -> dict:
    user = request.user
    visible_meetings = set(
        Event.objects.for_user(user).filter(working_groups=group).values_list("pk", flat=True)
    )
    may_edit = is_group_staff(user)
    context = {
        "group": group,
        "may_edit": may_edit,
        "may_work": True,  # whoever reads a group works on it (scoping.py)
        "members": group.current_memberships()
        .select_related("person", "organisation")
        .order_by("organisation__name", "pk"),
        "former_members": group.memberships.filter(left_on__isnull=False)
        .select_related("person", "organisation")
        .order_by("-left_on", "pk")
        if may_edit
        else Membership.objects.none(),
        "meetings": [
            (event, event.pk in visible_meetings)
            for event in group.meetings.order_by("start").select_related("location")
        ],
        # What is still to do first, by due date; then what is done, by when.
        "tasks": group.tasks.select_related("owner").order_by(
            F("done_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "pk"
        ),
        "documents": group.documents.order_by("-uploaded_at", "pk"),
        "task_form": TaskForm(group=group),
        "document_form": DocumentForm(),
        "status_choices": TaskStatus.choices,
    }
    context.update(forms)
    return context


@members_and_staff
@require_GET
def group_detail(request, pk: int):
    group = get_for_user(
        request.user, WorkingGroup.objects.select_related("lead", "measure", "programme"), pk=pk
    )
    return render(request, "workinggroups/group_detail.html", _detail_context(request, group))


@staff_only
def group_create(request):
    programme = Programme.current()
    if programme is None:
        raise Http404
    form = GroupForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            group = working_group_create(actor=request.user, programme=programme, **_group(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The working group has been formed."))
            return redirect("workinggroups:detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workinggroups/group_form.html", {"form": form, "group": None}, status=status
    )


def _group(form: GroupForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "mandate": data["mandate"],
        "lead": data["lead"],
        "fields": data["fields"],
        "measure": data["measure"],
        "formed_on": data["formed_on"],
    }


@staff_only
def group_edit(request, pk: int):
    group = get_for_user(request.user, WorkingGroup.objects.all(), EDIT, pk=pk)
    initial = {
        "name": group.name,
        "mandate": group.mandate,
        "lead": group.lead_id,
        "fields": list(group.fields.all()),
        "measure": group.measure_id,
        "formed_on": group.formed_on,
        "ended_on": group.ended_on,
    }
    form = GroupForm(request.POST or None, programme=group.programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            working_group_update(
                actor=request.user,
                group=group,
                ended_on=form.cleaned_data["ended_on"],
                **_group(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The working group has been changed."))
            return redirect("workinggroups:detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workinggroups/group_form.html", {"form": form, "group": group}, status=status
    )


# ---- members and meetings (staff) -----------------------------------------------------------


@staff_only
def member_add(request, pk: int):
    group = get_for_user(request.user, WorkingGroup.objects.all(), EDIT, pk=pk)
    form = MemberForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        affiliation = form.cleaned_data["affiliation"]
        try:
            membership_add(
                actor=request.user,
                group=group,
                person=affiliation.person,
                organisation=affiliation.organisation,
                joined_on=form.cleaned_data["joined_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(person)s has joined the group.") % {"person": affiliation.person}
            )
            return redirect("workinggroups:detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workinggroups/member_form.html", {"form": form, "group": group}, status=status
    )


@staff_only
@require_POST
def member_remove(request, pk: int):
    membership = get_for_user(
        request.user, Membership.objects.select_related("group", "person"), pk=pk
    )
    try:
        membership_end(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(person)s has left the group.") % {"person": membership.person}
        )
    return redirect("workinggroups:detail", pk=membership.group_id)


@staff_only
def meeting_add(request, pk: int):
    group = get_for_user(request.user, WorkingGroup.objects.all(), EDIT, pk=pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_create(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            return redirect("workinggroups:detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workinggroups/meeting_form.html", {"form": form, "group": group}, status=status
    )


# ---- tasks (staff and members) --------------------------------------------------------------


@members_and_staff
def task_add(request, pk: int):
    group = get_for_user(request.user, WorkingGroup.objects.all(), WORK, pk=pk)
    form = TaskForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            task_create(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The task has been added."))
            return redirect("workinggroups:detail", pk=group.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workinggroups/task_form.html",
        {"form": form, "group": group, "task": None},
        status=status,
    )


@members_and_staff
def task_edit(request, pk: int):
    task = get_for_user(request.user, Task.objects.select_related("group"), EDIT, pk=pk)
    initial = {"title": task.title, "owner": task.owner_id, "due_on": task.due_on}
    form = TaskForm(request.POST or None, group=task.group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task_update(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The task has been changed."))
            return redirect("workinggroups:detail", pk=task.group_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workinggroups/task_form.html",
        {"form": form, "group": task.group, "task": task},
        status=status,
    )


@members_and_staff
@require_POST
def task_status(request, pk: int):
    """The status of one task; with htmx only its row is swapped."""
    task = get_for_user(request.user, Task.objects.select_related("group", "owner"), EDIT, pk=pk)
    form = StatusForm(request.POST)
    error = ""
    if form.is_valid():
        task = task_status_change(actor=request.user, task=task, status=form.cleaned_data["status"])
    else:
        error = _("Choose one of the statuses.")
    if _is_htmx(request):
        return render(
            request,
            "workinggroups/group_detail.html#task-row",
            {
                "task": task,
                "group": task.group,
                "may_work": True,
                "status_choices": TaskStatus.choices,
                "row_error": error,
                "announce": "" if error else task.get_status_display(),
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("“%(task)s” is now: %(status)s.")
            % {"task": task.title, "status": task.get_status_display()},
        )
    return redirect("workinggroups:detail", pk=task.group_id)


# ---- documents ------------------------------------------------------------------------------


@members_and_staff
def document_add(request, pk: int):
    group = get_for_user(
        request.user, WorkingGroup.objects.select_related("lead", "measure"), WORK, pk=pk
    )
    if request.method != "POST":
        return redirect("workinggroups:detail", pk=group.pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document_upload(
                actor=request.user,
                group=group,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document has been uploaded."))
            return redirect("workinggroups:detail", pk=group.pk)
    return render(
        request,
        "workinggroups/group_detail.html",
        _detail_context(request, group, document_form=form),
        status=400,
    )


@members_and_staff
@require_GET
def document_download(request, pk: int):
    """The only way to a document: never a /media/ address (models.PrivateStorage)."""
    document = get_for_user(request.user, Document.objects.all(), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # Always an attachment: an uploaded file is never rendered in the site's own origin.
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_only
@require_POST
def document_remove(request, pk: int):
    document = get_for_user(request.user, Document.objects.all(), pk=pk)
    group_id = document.group_id
    document_delete(actor=request.user, document=document)
    messages.success(request, _("The document has been removed."))
    return redirect("workinggroups:detail", pk=group_id)
