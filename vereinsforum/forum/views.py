"""Views of the forum: they parse input, call one service and render.

Reading needs a forum role (staff or association representative, see forum/scoping.py);
running the forum needs programme staff; casting a ballot needs the delegate or deputy of
a member association.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.events.models import Event, EventKind
from vereinsforum.forum.choices import as_form_values
from vereinsforum.forum.explain import explain, open_ballots, voter_items
from vereinsforum.forum.forms import (
    AgendaItemAddForm,
    AgendaItemForm,
    BallotForm,
    BodyForm,
    MembershipForm,
    MinutesForm,
    PaperBallotForm,
    PollForm,
    default_poll_window,
)
from vereinsforum.forum.models import (
    AgendaItem,
    ForumBody,
    ForumSession,
    Membership,
    OptionSource,
    Poll,
    TieDraw,
)
from vereinsforum.forum.scoping import is_forum_staff, voting_membership
from vereinsforum.forum.services import ballots, bodies, polls, sessions
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.translation_inputs import translations_from
from vereinsforum.organisations.models import Organisation
from vereinsforum.programmes.models import Programme

forum_reader = role_required(Role.COORDINATOR, Role.TEAM_MEMBER, Role.REPRESENTATIVE)
forum_staff = role_required(*STAFF_ROLES)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _body_or_404(request) -> ForumBody:
    programme = Programme.current()
    if programme is None:
        raise Http404
    return get_for_user(request.user, ForumBody.objects.all(), programme=programme)


def _poll(request, pk: int, action: str = "view") -> Poll:
    return get_for_user(
        request.user,
        Poll.objects.select_related("body__programme", "session__event"),
        action,
        pk=pk,
    )


# ---- body, members, rules ------------------------------------------------------------------


@forum_reader
def index(request):
    programme = Programme.current()
    body = ForumBody.objects.for_user(request.user).filter(programme=programme).first()
    if body is None:
        return render(
            request,
            "forum/index.html",
            {
                "programme": programme,
                "body": None,
                "is_staff": is_forum_staff(request.user),
            },
        )
    today = timezone.localdate()
    members = body.memberships.select_related("organisation", "delegate", "deputy").order_by(
        "organisation__name", "start"
    )
    sessions = Event.objects.forum_sessions(programme).select_related("forum_session")
    polls = body.polls.select_related("session__event").order_by("-opens_at")
    return render(
        request,
        "forum/index.html",
        {
            "programme": programme,
            "body": body,
            "members": members,
            "active_count": body.memberships.active_on(today).count(),
            "today": today,
            "sessions": sessions,
            "polls": polls,
            "now": timezone.now(),
            "is_staff": is_forum_staff(request.user),
        },
    )


@forum_staff
def body_edit(request):
    programme = Programme.current()
    if programme is None:
        raise Http404
    body = ForumBody.objects.filter(programme=programme).first()
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if body is None:
                bodies.body_create(
                    actor=request.user,
                    programme=programme,
                    name=data["name"],
                    quorum_percent=data["quorum_percent"],
                    secret_ballots=data["secret_ballots"],
                    rules=data["rules"],
                )
            else:
                bodies.body_update(
                    actor=request.user,
                    body=body,
                    name=data["name"],
                    quorum_percent=data["quorum_percent"],
                    secret_ballots=data["secret_ballots"],
                    rules=data["rules"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The forum's rules have been saved."))
            return redirect("forum:index")
    return render(request, "forum/body_form.html", {"form": form, "body": body})


@forum_reader
def rules(request):
    programme = Programme.current()
    body = ForumBody.objects.for_user(request.user).filter(programme=programme).first()
    return render(request, "forum/rules.html", {"body": body})


@forum_staff
def membership_add(request):
    body = _body_or_404(request)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bodies.membership_add(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The association is now a member of the forum."))
            return redirect("forum:index")
    return render(request, "forum/membership_form.html", {"form": form, "membership": None})


@forum_staff
def membership_edit(request, pk: int):
    membership = get_for_user(
        request.user, Membership.objects.select_related("organisation"), EDIT, pk=pk
    )
    form = MembershipForm(
        request.POST or None,
        organisation=membership.organisation,
        initial={
            "start": membership.start,
            "end": membership.end,
            "delegate": membership.delegate_id,
            "deputy": membership.deputy_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            bodies.membership_update(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The membership has been saved."))
            return redirect("forum:index")
    return render(request, "forum/membership_form.html", {"form": form, "membership": membership})


# ---- sessions -------------------------------------------------------------------------------


def _session_event(request, event_pk: int) -> tuple[ForumBody, Event]:
    body = _body_or_404(request)
    try:
        event = Event.objects.get(
            pk=event_pk, programme=body.programme, kind=EventKind.FORUM_SESSION
        )
    except Event.DoesNotExist as exc:
        raise Http404 from exc
    return body, event


@forum_reader
def session_detail(request, event_pk: int):
    body, event = _session_event(request, event_pk)
    record = ForumSession.objects.filter(event=event).first()
    day = timezone.localdate(event.start)
    members = body.memberships.active_on(day).select_related("organisation")
    attending_ids = set(event.attending_organisations().values_list("pk", flat=True))
    attendance = [(m, m.organisation_id in attending_ids) for m in members]
    number = list(Event.objects.forum_sessions(body.programme).values_list("pk", flat=True))
    return render(
        request,
        "forum/session_detail.html",
        {
            "body": body,
            "event": event,
            "number": number.index(event.pk) + 1,
            "record": record,
            "agenda": record.agenda.all() if record else [],
            "polls": record.polls.all() if record else [],
            "attendance": attendance,
            "present": sum(1 for _m, here in attendance if here),
            "is_staff": is_forum_staff(request.user),
            "add_form": AgendaItemAddForm(),
        },
    )


@forum_staff
@require_POST
def agenda_item_add(request, event_pk: int):
    body, event = _session_event(request, event_pk)
    form = AgendaItemAddForm(request.POST)
    if form.is_valid():
        try:
            sessions.agenda_item_add(
                actor=request.user, body=body, event=event, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The agenda item has been added."))
    else:
        messages.error(request, _("Enter a title for the agenda item."))
    return redirect("forum:session_detail", event_pk=event.pk)


@forum_staff
def agenda_item_edit(request, pk: int):
    item = get_for_user(
        request.user, AgendaItem.objects.select_related("session__event"), EDIT, pk=pk
    )
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.agenda_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agenda item has been saved."))
            return redirect("forum:session_detail", event_pk=item.session.event_id)
    # The bound form writes into the instance; show the stored title in the heading.
    item.refresh_from_db()
    return render(request, "forum/agenda_item_form.html", {"form": form, "item": item})


@forum_staff
@require_POST
def agenda_item_move(request, pk: int):
    item = get_for_user(request.user, AgendaItem.objects.select_related("session"), EDIT, pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    sessions.agenda_item_move(actor=request.user, item=item, offset=offset)
    return redirect("forum:session_detail", event_pk=item.session.event_id)


@forum_staff
def minutes_edit(request, event_pk: int):
    body, event = _session_event(request, event_pk)
    record = ForumSession.objects.filter(event=event).first()
    form = MinutesForm(request.POST or None, initial={"minutes": record.minutes if record else ""})
    if request.method == "POST" and form.is_valid():
        sessions.session_minutes_save(
            actor=request.user, body=body, event=event, minutes=form.cleaned_data["minutes"]
        )
        messages.success(request, _("The minutes have been saved."))
        return redirect("forum:session_detail", event_pk=event.pk)
    return render(request, "forum/minutes_form.html", {"form": form, "event": event})


# ---- polls ----------------------------------------------------------------------------------


@forum_staff
def poll_create(request):
    body = _body_or_404(request)
    opens, closes = default_poll_window()
    initial = {"opens_at": opens, "closes_at": closes}
    if request.GET.get("session"):
        initial["session"] = request.GET["session"]
    form = PollForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = polls.poll_create(
                actor=request.user,
                body=body,
                title=data["title"],
                description=data["description"],
                method=data["method"],
                option_source=data["option_source"],
                free_options=data.get("free_list", []),
                referenced_options=_measure_options(body, data["option_source"]),
                points_per_ballot=data["points_per_ballot"],
                max_points_per_option=data["max_points_per_option"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                secret=data["secret"],
                changeable=data["changeable"],
                session_event=data["session"],
                title_i18n=translations_from(data, "title"),
                description_i18n=translations_from(data, "description"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The poll has been created."))
            return redirect("forum:poll_detail", pk=poll.pk)
    return render(request, "forum/poll_form.html", {"form": form, "OptionSource": OptionSource})


def _measure_options(body: ForumBody, source: str) -> list[tuple[str, str]]:
    if source != OptionSource.MEASURES:
        return []
    from vereinsforum.measures.services import measure_poll_options

    return measure_poll_options(body.programme)


def _change_cookie(poll: Poll) -> str:
    return f"forum_change_{poll.pk}"


@forum_reader
def poll_detail(request, pk: int):
    """The voting page: works on a phone, one field per option."""
    poll = _poll(request, pk)
    options = list(poll.options.all())
    membership = voting_membership(request.user, poll)
    voted = (
        membership is not None and poll.voters.filter(organisation=membership.organisation).exists()
    )
    now = timezone.now()
    may_vote = bool(membership) and poll.is_open(now) and (not voted or poll.changeable)
    secret_change = poll.secret and poll.changeable
    initial = {}
    if membership is not None and voted and not poll.secret:
        stored = poll.ballots.filter(organisation=membership.organisation).first()
        if stored:
            initial = {f"option_{k}": v for k, v in as_form_values(poll, stored.choices).items()}
    if secret_change:
        initial["change_code"] = request.COOKIES.get(_change_cookie(poll), "")
    form = BallotForm(
        request.POST or None,
        poll=poll,
        options=options,
        with_change_code=secret_change and voted,
        initial=initial,
    )
    change_code = ""
    if request.method == "POST":
        if not membership:
            raise PermissionDenied
        if form.is_valid():
            try:
                change_code = ballots.ballot_cast(
                    actor=request.user,
                    poll=poll,
                    organisation=membership.organisation,
                    choices=form.raw_choices(),
                    change_key=form.cleaned_data.get("change_code", "") or "",
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if not change_code:
                    messages.success(request, _("Your association's ballot has been cast."))
                    return redirect("forum:poll_detail", pk=poll.pk)
    context = {
        "poll": poll,
        "options": options,
        "membership": membership,
        "voted": voted,
        "may_vote": may_vote,
        "status": poll.status(now),
        "form": form,
        "change_code": change_code,
        "ballots_cast": poll.voters.count(),
        "is_staff": is_forum_staff(request.user),
    }
    response = render(
        request,
        "forum/poll_detail.html",
        context,
        status=400 if request.method == "POST" and not change_code else 200,
    )
    if change_code:
        # Kept only in the voter's browser (not in the server-side session), so the server
        # holds no link from the association to its secret ballot.
        response.set_cookie(
            _change_cookie(poll),
            change_code,
            path=request.path,
            httponly=True,
            samesite="Strict",
            secure=request.is_secure(),
            max_age=max(60, int((poll.closes_at - now).total_seconds())),
        )
    return response


@forum_staff
def poll_paper(request, pk: int):
    poll = _poll(request, pk, EDIT)
    options = list(poll.options.all())
    voted = poll.voters.values("organisation_id")
    organisations = (
        Organisation.objects.filter(pk__in=poll.entitled_memberships().values("organisation_id"))
        .exclude(pk__in=voted)
        .order_by("name")
    )
    form = PaperBallotForm(
        request.POST or None, poll=poll, options=options, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            ballots.paper_ballot_enter(
                actor=request.user,
                poll=poll,
                organisation=form.cleaned_data["organisation"],
                choices=form.raw_choices(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The paper ballot of %(org)s has been entered.")
                % {"org": form.cleaned_data["organisation"]},
            )
            return redirect("forum:poll_paper", pk=poll.pk)
    return render(
        request,
        "forum/poll_paper.html",
        {"poll": poll, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@forum_staff
@require_POST
def poll_close(request, pk: int):
    poll = _poll(request, pk, EDIT)
    try:
        polls.poll_close(actor=request.user, poll=poll)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The poll has been closed and counted."))
    return redirect("forum:poll_results", pk=poll.pk)


@forum_staff
@require_POST
def poll_draw(request, pk: int):
    poll = _poll(request, pk, EDIT)
    try:
        polls.poll_tie_draw(actor=request.user, poll=poll)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Lots have been drawn and recorded."))
    return redirect("forum:poll_results", pk=poll.pk)


@forum_reader
def poll_results(request, pk: int):
    poll = _poll(request, pk)
    context = {
        "poll": poll,
        "status": poll.status(),
        "is_staff": is_forum_staff(request.user),
        "ballots_cast": poll.voters.count(),
        "voters": voter_items(poll),
        "draw": TieDraw.objects.filter(poll=poll).first(),
    }
    if poll.is_counted:
        context["explanation"] = explain(poll)
        if not poll.secret:
            context["open_ballots"] = open_ballots(poll)
    return render(request, "forum/poll_results.html", context)


@forum_reader
def poll_projector(request, pk: int):
    poll = _poll(request, pk)
    return render(request, "forum/poll_projector.html", _projector_context(poll))


@forum_reader
def poll_projector_status(request, pk: int):
    poll = _poll(request, pk)
    response = render(request, "forum/poll_projector.html#status", _projector_context(poll))
    if poll.is_counted:
        # Once the result is on screen there is nothing left to poll for.
        response.status_code = 286  # htmx: stop polling
    return response


def _projector_context(poll: Poll) -> dict:
    eligible = (
        poll.eligible
        if poll.is_counted and poll.eligible is not None
        else poll.entitled_memberships().count()
    )
    cast = poll.voters.count()
    return {
        "poll": poll,
        "status": poll.status(),
        "eligible": eligible,
        "cast": cast,
        "percent": round(100 * cast / eligible) if eligible else 0,
        "quorum": poll.body.quorum_for(eligible),
        "explanation": explain(poll) if poll.is_counted else None,
    }
