"""The needs analysis: aggregates to read (the pages' k ≥ MIN_GROUP rule), interviews to write.

Aggregates: coordinators see every figure; everybody else sees a wave's figures only once
MIN_GROUP associations have answered (needs/evaluation.may_see_aggregates), as on the
evaluation page. Single interviews: `Interview.objects.for_user` (coordinators; the assigned
interviewer; the association itself); capture rights are `needs.services.may_capture`.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from vereinsforum.accounts.scoping import get_for_user
from vereinsforum.api.core import Id, Line, PageParams, Text, page_of, paginate
from vereinsforum.api.endpoints.organisations import OrganisationRef
from vereinsforum.api.problems import ApiProblem
from vereinsforum.needs import services
from vereinsforum.needs.evaluation import may_see_aggregates
from vereinsforum.needs.inputs import AnswerValues, InterviewGeneral
from vereinsforum.needs.models import MIN_GROUP, Interview, Mode, Premises, Wave
from vereinsforum.needs.models import Status as InterviewStatus
from vereinsforum.needs.stored import stored_evaluation
from vereinsforum.organisations.models import Language, Organisation

router = Router(tags=["needs"])

SMALL_INT = 32_767
BIG_INT = 2_147_483_647


class WaveOut(Schema):
    id: int
    programme: int
    title: str
    period_start: date
    period_end: date


class IntervalOut(Schema):
    estimate: float
    low: float
    high: float


class FieldAggregateOut(Schema):
    key: str
    name: str
    rank: int
    rank_low: int
    rank_high: int
    need_counts: list[int]
    competence_counts: list[int]
    median: IntervalOut
    share_high: IntervalOut
    mean: IntervalOut
    high_count: int


class AggregatesOut(Schema):
    wave: int
    min_group: int
    suppressed: bool = Field(
        description="True when fewer than min_group associations answered (figures withheld)."
    )
    n: int | None = None
    kendall_w: float | None = None
    fields: list[FieldAggregateOut]


class AnswerOut(Schema):
    field: int
    field_name: str
    competence: int | None
    need: int | None
    willing: bool
    capacity: int | None
    comment: str


class InterviewOut(Schema):
    id: int
    wave: int
    organisation: OrganisationRef
    mode: Mode
    status: InterviewStatus
    conducted_on: date | None
    members: int | None
    volunteers: int | None
    premises: str
    has_website: bool | None
    has_flyer: bool | None
    languages: list[str]
    submitted_at: datetime | None
    editable: bool
    answers: list[AnswerOut]


class InterviewStartIn(Schema):
    organisation: Id
    mode: Mode = Mode.INTERVIEW
    conducted_on: date | None = None


class AnswerIn(Schema):
    field: Id
    competence: int | None = Field(None, ge=1, le=5)
    need: int | None = Field(None, ge=1, le=5)
    willing: bool | None = None
    capacity: int | None = Field(None, ge=0, le=SMALL_INT)
    comment: Text | None = Field(None, max_length=5000)


class InterviewSaveIn(Schema):
    conducted_on: date | None = None
    members: int | None = Field(None, ge=0, le=BIG_INT)
    volunteers: int | None = Field(None, ge=0, le=BIG_INT)
    premises: Premises | None = None
    has_website: bool | None = None
    has_flyer: bool | None = None
    languages: list[Line] | None = None
    answers: list[AnswerIn] = []


WavePage = page_of(WaveOut, "WavePage")
InterviewPage = page_of(InterviewOut, "InterviewPage")


def _interval(interval) -> dict:
    return {"estimate": interval.estimate, "low": interval.low, "high": interval.high}


def interview_out(interview: Interview, user) -> dict:
    return {
        "id": interview.pk,
        "wave": interview.wave_id,
        "organisation": {"id": interview.organisation_id, "name": interview.organisation.name},
        "mode": interview.mode,
        "status": interview.status,
        "conducted_on": interview.conducted_on,
        "members": interview.members,
        "volunteers": interview.volunteers,
        "premises": interview.premises,
        "has_website": interview.has_website,
        "has_flyer": interview.has_flyer,
        "languages": sorted(interview.languages.values_list("code", flat=True)),
        "submitted_at": interview.submitted_at,
        "editable": services.may_edit(user, interview),
        "answers": [
            {
                "field": a.field_id,
                "field_name": str(a.field),
                "competence": a.competence,
                "need": a.need,
                "willing": a.willing,
                "capacity": a.capacity,
                "comment": a.comment,
            }
            for a in interview.answers.select_related("field").order_by("field__position")
        ],
    }


def _interviews():
    return Interview.objects.select_related("organisation", "wave")


@router.get("/needs/waves", response=WavePage, summary="Survey waves")
def wave_list(request, params: Query[PageParams]):
    waves = Wave.objects.order_by("-period_start", "-pk")
    return paginate(
        request,
        waves,
        params,
        lambda w: {
            "id": w.pk,
            "programme": w.programme_id,
            "title": w.title,
            "period_start": w.period_start,
            "period_end": w.period_end,
        },
    )


@router.get("/needs/waves/{pk}/aggregates", response=AggregatesOut, summary="A wave's aggregates")
def wave_aggregates(request, pk: Id):
    """The evaluation page's figures per field; withheld below MIN_GROUP associations,
    except for coordinators."""
    wave = get_object_or_404(Wave, pk=pk)
    # The page's stored evaluation: computed once per change of the wave's data.
    evaluation = stored_evaluation(wave).evaluation
    privileged = bool(getattr(request.user, "is_coordinator", False))
    if evaluation is None or not may_see_aggregates(evaluation.n, privileged=privileged):
        return {"wave": wave.pk, "min_group": MIN_GROUP, "suppressed": True, "fields": []}
    agreement = evaluation.agreement
    return {
        "wave": wave.pk,
        "min_group": MIN_GROUP,
        "suppressed": False,
        "n": evaluation.n,
        "kendall_w": agreement.kendall_w if agreement is not None else None,
        "fields": [
            {
                "key": f.key,
                "name": f.name,
                "rank": f.rank,
                "rank_low": f.rank_low,
                "rank_high": f.rank_high,
                "need_counts": [int(c) for c in f.need_counts],
                "competence_counts": [int(c) for c in f.competence_counts],
                "median": _interval(f.median),
                "share_high": _interval(f.share_high),
                "mean": _interval(f.mean),
                "high_count": int(f.high_count),
            }
            for f in evaluation.ranking
        ],
    }


@router.get("/needs/interviews", response=InterviewPage, summary="Interviews")
def interview_list(request, params: Query[PageParams], wave: Id | None = None):
    """Single interviews the account may read (coordinators; the assigned interviewer; the
    association's representative)."""
    rows = _interviews().for_user(request.user)
    if wave is not None:
        rows = rows.filter(wave_id=wave)
    rows = rows.order_by("wave_id", "organisation__name", "pk")
    return paginate(request, rows, params, lambda iv: interview_out(iv, request.user))


@router.get("/needs/interviews/{pk}", response=InterviewOut, summary="One interview")
def interview_detail(request, pk: Id):
    return interview_out(get_for_user(request.user, _interviews(), pk=pk), request.user)


@router.post(
    "/needs/waves/{pk}/interviews",
    response={201: InterviewOut},
    summary="Start an interview",
)
def interview_new(request, pk: Id, data: InterviewStartIn):
    """An interviewer starts an interview with an assigned association (a representative a
    self-assessment of their own; a coordinator either)."""
    wave = get_object_or_404(Wave, pk=pk)
    organisation = get_for_user(request.user, Organisation.objects.all(), pk=data.organisation)
    interview = services.interview_start(
        actor=request.user,
        wave=wave,
        organisation=organisation,
        mode=data.mode,
        conducted_on=data.conducted_on,
    )
    return Status(201, interview_out(_interviews().get(pk=interview.pk), request.user))


@router.patch("/needs/interviews/{pk}", response=InterviewOut, summary="Save answers")
def interview_update(request, pk: Id, data: InterviewSaveIn):
    """Save what is given (fields left out stay as they are). A value the service cannot keep
    is a 422 naming it; the other values are saved, as in the capture form."""
    interview = get_for_user(request.user, _interviews(), pk=pk)
    if not services.may_edit(request.user, interview):
        raise PermissionDenied(_("Only a draft you may capture can be changed."))
    given = data.model_dump(exclude_unset=True)
    general = {k: given[k] for k in services.GENERAL_FIELDS if k in given}
    if "premises" in general:
        general["premises"] = general["premises"] or ""
    languages = None
    if data.languages is not None:
        languages = list(Language.objects.filter(code__in=data.languages))
        unknown = set(data.languages) - {lang.code for lang in languages}
        if unknown:
            raise ApiProblem(
                422,
                "validation",
                _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
                errors=[{"field": "languages", "message": _("Unknown language code.")}],
            )
    fields = set(interview.answers.values_list("field_id", flat=True))
    answers = {}
    for answer in data.answers:
        if answer.field not in fields:
            raise ApiProblem(
                422,
                "validation",
                _("The interview has no answer for field %(id)s.") % {"id": answer.field},
                errors=[{"field": "answers.field", "message": _("Unknown field.")}],
            )
        values = answer.model_dump(exclude_unset=True, exclude={"field"})
        # "willing" and the comment cannot be empty (null): left out, they stay as they are.
        answers[answer.field] = AnswerValues.from_values(
            {k: v for k, v in values.items() if v is not None or k not in ("willing", "comment")}
        )
    errors = services.interview_save(
        actor=request.user,
        interview=interview,
        general=InterviewGeneral.from_values(general),
        languages=languages,
        answers=answers,
    )
    if errors:
        raise ApiProblem(
            422,
            "validation",
            " ".join(errors.values()),
            errors=[{"field": name, "message": message} for name, message in errors.items()],
        )
    return interview_out(_interviews().get(pk=pk), request.user)


@router.post("/needs/interviews/{pk}/submit", response=InterviewOut, summary="Submit an interview")
def interview_submit(request, pk: Id):
    interview = get_for_user(request.user, _interviews(), pk=pk)
    services.interview_submit(actor=request.user, interview=interview)
    return interview_out(_interviews().get(pk=pk), request.user)
