"""Views of the tandems: they parse input, call one service and render.

Staff (coordinators, team members) set the weights, enter offers on an association's
behalf, run the matching and review the proposals. A representative sees their
association's approved tandems, answers them, gives feedback, and enters its own offers.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import STAFF_ROLES, Role
from vereinsforum.accounts.scoping import EDIT, get_for_user, role_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.tabular import EXPORTERS
from vereinsforum.lib.translated import translated
from vereinsforum.needs.models import Wave
from vereinsforum.needs.stored import stored_evaluation
from vereinsforum.organisations.models import Language, Organisation
from vereinsforum.programmes.models import Programme
from vereinsforum.tandems import services
from vereinsforum.tandems.exports import tandems_table
from vereinsforum.tandems.forms import (
    AnswerForm,
    FeedbackForm,
    OfferForm,
    ReviewForm,
    SettingsForm,
)
from vereinsforum.tandems.models import (
    Answer,
    MentorOffer,
    Side,
    Tandem,
    TandemRun,
    TandemStatus,
)
from vereinsforum.tandems.scoping import (
    acting_association,
    is_tandem_staff,
    may_offer_for,
)

tandem_reader = role_required(*STAFF_ROLES, Role.REPRESENTATIVE)
tandem_staff = role_required(*STAFF_ROLES)


def _programme() -> Programme:
    programme = Programme.current()
    if programme is None:
        raise Http404
    return programme


def _wave(pk: int) -> Wave:
    return get_object_or_404(
        Wave.objects.select_related("programme", "instrument"), pk=pk, programme=_programme()
    )


def _tandem(request, pk: int, action: str = "view") -> Tandem:
    return get_for_user(
        request.user,
        Tandem.objects.select_related("wave", "field", "mentor", "mentee", "run"),
        action,
        pk=pk,
    )


def language_names(tandems) -> dict[str, str]:
    codes = {c for t in tandems for c in t.shared_languages}
    return {lang.code: translated(lang, "name") for lang in Language.objects.filter(code__in=codes)}


def _with_explanations(tandems) -> list[Tandem]:
    tandems = list(tandems)
    names = language_names(tandems)
    for t in tandems:
        t.language_names = [names.get(c, c) for c in t.shared_languages]
    return tandems


# ---- overview -------------------------------------------------------------------------------


@tandem_reader
def index(request):
    programme = _programme()
    waves = list(Wave.objects.filter(programme=programme).order_by("-period_start"))
    if is_tandem_staff(request.user):
        counts = Counter(
            Tandem.objects.filter(wave__in=waves).values_list("wave_id", "status").iterator()
        )
        rows = [
            (wave, [(s.label, counts.get((wave.pk, s.value), 0)) for s in TandemStatus])
            for wave in waves
        ]
        return render(
            request,
            "tandems/index_staff.html",
            {"programme": programme, "rows": rows, "statuses": TandemStatus},
        )
    org = acting_association(request.user)
    tandems = _with_explanations(
        Tandem.objects.for_user(request.user)
        .filter(wave__in=waves)
        .select_related("wave", "field", "mentor", "mentee")
        .order_by("-wave__period_start", "field__position", "pk")
    )
    for t in tandems:
        t.my_side = t.side_of(org)
        t.may_answer = (
            t.status == TandemStatus.APPROVED and t.answer_of(t.my_side) == Answer.PENDING
        )
    # Where the association may offer to mentor: the fields it is a candidate in.
    offer_waves = []
    for wave in waves:
        candidates = services.candidates_by_field(stored_evaluation(wave).evaluation)
        if any(org in c for c in candidates.values()):
            offer_waves.append(wave)
    return render(
        request,
        "tandems/index_association.html",
        {
            "programme": programme,
            "organisation": get_object_or_404(Organisation, pk=org),
            "tandems": tandems,
            "offer_waves": offer_waves,
        },
    )


@tandem_staff
def settings_edit(request):
    programme = _programme()
    current = services.settings_for(programme)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.tandem_settings_update(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The tandem settings have been saved."))
            return redirect("tandems:index")
    return render(
        request,
        "tandems/settings.html",
        {"form": form, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


# ---- a wave: offers, run, proposals ---------------------------------------------------------


@tandem_staff
def wave_detail(request, pk: int):
    wave = _wave(pk)
    evaluation = stored_evaluation(wave).evaluation
    candidates = services.candidates_by_field(evaluation)
    offers = {
        (o.organisation_id, o.field_id): o.capacity for o in MentorOffer.objects.filter(wave=wave)
    }
    fields = list(wave.instrument.ordered_fields())
    tandems = _with_explanations(
        Tandem.objects.filter(wave=wave)
        .select_related("field", "mentor", "mentee")
        .order_by("field__position", "-benefit", "mentee__name", "pk")
    )
    sections = []
    for f in fields:
        mentors = [
            (c, offers.get((c.organisation_id, f.pk))) for c in candidates.get(f.key, {}).values()
        ]
        sections.append(
            {
                "field": f,
                "mentors": mentors,
                "proposed": [
                    t for t in tandems if t.field_id == f.pk and t.status == TandemStatus.PROPOSED
                ],
                "others": [
                    t for t in tandems if t.field_id == f.pk and t.status != TandemStatus.PROPOSED
                ],
            }
        )
    return render(
        request,
        "tandems/wave.html",
        {
            "wave": wave,
            "evaluation": evaluation,
            "sections": sections,
            "settings": services.settings_for(wave.programme),
            "last_run": TandemRun.objects.filter(wave=wave).first(),
            "proposed_count": sum(len(s["proposed"]) for s in sections),
        },
    )


@tandem_reader
def offer_edit(request, pk: int, organisation_pk: int):
    wave = _wave(pk)
    organisation = get_for_user(request.user, Organisation.objects.all(), pk=organisation_pk)
    if not may_offer_for(request.user, organisation.pk):
        raise PermissionDenied
    evaluation = stored_evaluation(wave).evaluation
    candidates = services.candidates_by_field(evaluation)
    fields = [
        f for f in wave.instrument.ordered_fields() if organisation.pk in candidates.get(f.key, {})
    ]
    if not fields:
        raise Http404
    offers = {
        o.field_id: o.capacity
        for o in MentorOffer.objects.filter(wave=wave, organisation=organisation)
    }
    forms = []
    for f in fields:
        stated = candidates[f.key][organisation.pk].capacity
        forms.append(
            (
                f,
                candidates[f.key][organisation.pk],
                OfferForm(
                    request.POST or None,
                    prefix=f"field{f.pk}",
                    initial={"capacity": offers.get(f.pk, stated)},
                ),
            )
        )
    if request.method == "POST" and all(form.is_valid() for _f, _c, form in forms):
        try:
            services.mentor_offers_set(
                actor=request.user,
                wave=wave,
                organisation=organisation,
                capacities={f: form.cleaned_data["capacity"] for f, _c, form in forms},
                evaluation=evaluation,
            )
        except ValidationError as exc:
            add_service_errors(forms[0][2], exc)
        else:
            messages.success(request, _("The offer has been saved."))
            if is_tandem_staff(request.user):
                return redirect("tandems:wave", pk=wave.pk)
            return redirect("tandems:index")
    return render(
        request,
        "tandems/offer.html",
        {"wave": wave, "organisation": organisation, "forms": forms},
        status=400 if request.method == "POST" else 200,
    )


@tandem_staff
@require_POST
def run(request, pk: int):
    wave = _wave(pk)
    try:
        result = services.tandems_run(actor=request.user, wave=wave)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(new)s tandems proposed; %(kept)s agreed tandems kept.")
            % {"new": result.proposed, "kept": result.kept},
        )
    return redirect("tandems:wave", pk=wave.pk)


@tandem_staff
def export(request, pk: int, fmt: str):
    wave = _wave(pk)
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    filename, content_type, content = exporter.render(tandems_table(wave))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- one tandem -----------------------------------------------------------------------------


@tandem_reader
def detail(request, pk: int):
    tandem = _with_explanations([_tandem(request, pk)])[0]
    staff = is_tandem_staff(request.user)
    side = tandem.side_of(acting_association(request.user))
    context = {
        "tandem": tandem,
        "is_staff": staff,
        "side": side,
        "review_form": ReviewForm() if staff and tandem.status == TandemStatus.PROPOSED else None,
        "answer_form": (
            AnswerForm()
            if side
            and tandem.status == TandemStatus.APPROVED
            and tandem.answer_of(side) == Answer.PENDING
            else None
        ),
        "feedback_form": (
            FeedbackForm()
            if side and tandem.status == TandemStatus.ACTIVE and not tandem.feedback_of(side)
            else None
        ),
        "may_complete": staff and tandem.status == TandemStatus.ACTIVE,
        "own_feedback": tandem.feedback_of(side) if side else "",
        "sides": Side,
    }
    return render(request, "tandems/detail.html", context)


def _back(request, tandem: Tandem):
    return redirect("tandems:detail", pk=tandem.pk)


@tandem_staff
@require_POST
def review(request, pk: int):
    tandem = _tandem(request, pk, EDIT)
    form = ReviewForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Please choose approve or discard.")
    else:
        try:
            services.tandem_review(
                actor=request.user,
                tandem=tandem,
                approve=form.cleaned_data["decision"] == "approve",
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.headers.get("HX-Request") == "true":
        # The wave page swaps the proposal in place: it now shows its status (or why not;
        # htmx swaps only a 2xx answer).
        [tandem] = _with_explanations([_tandem(request, pk)])
        return render(
            request,
            "tandems/wave.html#proposal",
            {"t": tandem, "review_error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The proposal has been reviewed."))
    if request.POST.get("back") == "wave":
        return redirect("tandems:wave", pk=tandem.wave_id)
    return _back(request, tandem)


def _own_side(request, tandem: Tandem) -> Organisation:
    org = acting_association(request.user)
    if org is None or tandem.side_of(org) is None:
        raise PermissionDenied
    return Organisation.objects.get(pk=org)


@role_required(Role.REPRESENTATIVE)
@require_POST
def answer(request, pk: int):
    tandem = _tandem(request, pk, EDIT)
    organisation = _own_side(request, tandem)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose accept or decline."))
        return _back(request, tandem)
    try:
        services.tandem_answer(
            actor=request.user,
            tandem=tandem,
            organisation=organisation,
            accept=form.cleaned_data["answer"] == "accept",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your answer has been saved."))
    return _back(request, tandem)


@role_required(Role.REPRESENTATIVE)
@require_POST
def feedback(request, pk: int):
    tandem = _tandem(request, pk, EDIT)
    organisation = _own_side(request, tandem)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.tandem_feedback(
                actor=request.user,
                tandem=tandem,
                organisation=organisation,
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Please write your feedback."))
    return _back(request, tandem)


@tandem_staff
@require_POST
def complete(request, pk: int):
    tandem = _tandem(request, pk, EDIT)
    try:
        services.tandem_complete(actor=request.user, tandem=tandem)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The tandem has been completed."))
    return _back(request, tandem)
