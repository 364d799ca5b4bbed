"""Results: the evaluation of a wave, heat map, clusters, multipliers, presentation mode,
charts, exports and the profile of one association.

Privacy: figures about one association reach only coordinators, its assigned interviewer
and the association itself (through `Interview.objects.for_user`); everyone else sees
aggregates, and none for a group of fewer than MIN_GROUP associations.

The evaluation and its charts come from `needs/stored.py`: computed once per change of the
wave's data, not per request. matplotlib is imported only where a chart is drawn, so the URL
configuration does not load it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import acting_user, login_with_role, role_required
from vereinsforum.needs import services
from vereinsforum.needs.evaluation import (
    ClusterResult,
    Evaluation,
    FieldResult,
    compare,
    may_see_aggregates,
)
from vereinsforum.needs.exports import EXPORTERS, aggregates_table, answers_table
from vereinsforum.needs.forms import WaveSettingsForm
from vereinsforum.needs.inputs import WaveSettings
from vereinsforum.needs.models import MIN_GROUP, FieldAnswer, Interview, Status, Wave
from vereinsforum.needs.stored import stored_chart, stored_evaluation
from vereinsforum.organisations.models import Organisation

if TYPE_CHECKING:
    from vereinsforum.lib.charts import Chart

AGREEMENT_WORDS = {
    "very_weak": gettext_lazy(
        "The associations hardly agree on which fields matter most (Kendall's W is "
        "very low): needs are individual, and a ranking of the fields says little "
        "about any single association."
    ),
    "weak": gettext_lazy(
        "The associations agree only weakly on which fields matter most (Kendall's W is "
        "low): the ranking is a tendency, not a shared view."
    ),
    "moderate": gettext_lazy("The associations agree moderately on which fields matter most."),
    "strong": gettext_lazy("The associations largely agree on which fields matter most."),
    "very_strong": gettext_lazy("The associations agree closely on which fields matter most."),
    "undefined": gettext_lazy(
        "Agreement cannot be measured: the answers do not vary within associations."
    ),
}


def _wave(pk: int) -> Wave:
    return get_object_or_404(Wave.objects.select_related("instrument", "programme"), pk=pk)


def _privileged(user) -> bool:
    return bool(getattr(user, "is_coordinator", False))


def need_labels(wave: Wave) -> list[str]:
    item = wave.instrument.items.filter(key="need").first()
    labels = item.anchor_labels() if item else []
    return labels or [str(level) for level in range(1, 6)]


def visible_clusters(evaluation: Evaluation, privileged: bool) -> tuple[list, int]:
    """Clusters that may be shown, and how many associations sit in suppressed ones."""
    if privileged:
        return evaluation.clusters, 0
    shown = [c for c in evaluation.clusters if c.size >= MIN_GROUP]
    return shown, sum(c.size for c in evaluation.clusters if c.size < MIN_GROUP)


def ranking_chart(wave: Wave, evaluation: Evaluation, formats: Collection[str] = ("svg",)) -> Chart:
    from vereinsforum.needs import charts

    return stored_chart(
        wave,
        "ranking-" + "-".join(formats),
        [f.name for f in evaluation.ranking],
        lambda: charts.ranking_chart(evaluation, formats=formats),
    )


def distribution_chart(
    wave: Wave, field: FieldResult, labels: Sequence[str], formats: Collection[str] = ("svg",)
) -> Chart:
    from vereinsforum.needs import charts

    return stored_chart(
        wave,
        f"distribution-{field.key}-" + "-".join(formats),
        [field.name, *labels],
        lambda: charts.distribution_chart(field, labels, formats=formats),
    )


def cluster_chart(
    wave: Wave,
    evaluation: Evaluation,
    clusters: Sequence[ClusterResult],
    formats: Collection[str] = ("svg",),
) -> Chart:
    from vereinsforum.needs import charts

    return stored_chart(
        wave,
        "clusters-" + "-".join(formats),
        [[f.name for f in evaluation.fields], [(c.number, c.size) for c in clusters]],
        lambda: charts.cluster_chart(evaluation, clusters, formats=formats),
    )


def _base_context(request, wave: Wave, *, names: bool = False) -> dict:
    """What every results page shows; `names` for the pages that show associations' names."""
    stored = stored_evaluation(wave, names=names)
    evaluation = stored.evaluation
    privileged = _privileged(request.user)
    shown = evaluation is not None and may_see_aggregates(evaluation.n, privileged=privileged)
    return {
        "wave": wave,
        "evaluation": evaluation if shown else None,
        "privileged": privileged,
        "suppressed": evaluation is not None and not shown,
        "min_group": MIN_GROUP,
        "computed_at": stored.computed_at,
        "validated": wave.interviews.filter(status=Status.VALIDATED).count(),
    }


def evaluation_page(request, pk: int):
    wave = _wave(pk)
    context = _base_context(request, wave)
    evaluation = context["evaluation"]
    if evaluation is not None:
        labels = need_labels(wave)
        context.update(
            {
                "labels": labels,
                "ranking_chart": ranking_chart(wave, evaluation),
                "distributions": [
                    (f, distribution_chart(wave, f, labels)) for f in evaluation.fields
                ],
                "agreement_text": AGREEMENT_WORDS[evaluation.agreement_strength],
                "p_text": _p_text(evaluation),
                "changes": _changes(request, wave, evaluation),
                "single_rows": Interview.objects.for_user(request.user).filter(wave=wave).exists(),
            }
        )
    return render(request, "needs/evaluation.html", context)


def _p_text(evaluation: Evaluation) -> str:
    if evaluation.agreement is None:
        return ""
    p = evaluation.agreement.p_value
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def _changes(request, wave: Wave, evaluation: Evaluation):
    previous = wave.previous()
    if previous is None:
        return None
    before = stored_evaluation(previous, names=False).evaluation
    if before is None or not may_see_aggregates(before.n, privileged=_privileged(request.user)):
        return None
    return {"wave": previous, "fields": compare(before, evaluation)}


def presentation(request, pk: int):
    wave = _wave(pk)
    context = _base_context(request, wave)
    evaluation = context["evaluation"]
    if evaluation is not None:
        labels = need_labels(wave)
        clusters, hidden = visible_clusters(evaluation, privileged=False)
        context.update(
            {
                "labels": labels,
                "ranking_chart": ranking_chart(wave, evaluation),
                "distributions": [
                    (f, distribution_chart(wave, f, labels)) for f in evaluation.fields
                ],
                "agreement_text": AGREEMENT_WORDS[evaluation.agreement_strength],
                # The forum sees what the public sees: no small clusters, no names.
                "clusters": clusters,
                "hidden_in_clusters": hidden,
                "cluster_chart": cluster_chart(wave, evaluation, clusters) if clusters else None,
            }
        )
    return render(request, "needs/presentation.html", context)


def clusters_page(request, pk: int):
    wave = _wave(pk)
    context = _base_context(request, wave, names=True)
    evaluation = context["evaluation"]
    if evaluation is not None and evaluation.clustering is not None:
        clusters, hidden = visible_clusters(evaluation, context["privileged"])
        context.update(
            {
                "clusters": clusters,
                "hidden_in_clusters": hidden,
                "cluster_chart": cluster_chart(wave, evaluation, clusters) if clusters else None,
                "settings_form": WaveSettingsForm(instance=wave) if context["privileged"] else None,
                "silhouette": sorted(evaluation.clustering.silhouette.items()),
            }
        )
    return render(request, "needs/clusters.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def wave_settings(request, pk: int):
    wave = _wave(pk)
    form = WaveSettingsForm(request.POST, instance=Wave.objects.get(pk=wave.pk))
    if form.is_valid():
        try:
            data = form.cleaned_data
            settings = WaveSettings(
                cluster_k=data["cluster_k"],
                multiplier_min_competence=data["multiplier_min_competence"],
                multiplier_max_need=data["multiplier_max_need"],
                multiplier_requires_willing=data["multiplier_requires_willing"],
            )
            services.wave_settings_update(actor=request.user, wave=wave, settings=settings)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The settings have been saved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(
        request.POST.get("back") == "multipliers" and "needs:multipliers" or "needs:clusters",
        pk=wave.pk,
    )


@role_required(Role.COORDINATOR)
def multipliers_page(request, pk: int):
    wave = _wave(pk)
    context = _base_context(request, wave, names=True)
    evaluation = context["evaluation"]
    if evaluation is not None:
        context["multipliers"] = [(f, evaluation.multipliers[f.key]) for f in evaluation.fields]
        context["settings_form"] = WaveSettingsForm(instance=wave)
    return render(request, "needs/multipliers.html", context)


@login_with_role
def heatmap(request, pk: int):
    """Associations × fields. Rows only for the associations the user may see one by one."""
    wave = _wave(pk)
    measure = "competence" if request.GET.get("measure") == "competence" else "need"
    interviews = list(
        Interview.objects.for_user(request.user)
        .filter(wave=wave)
        .complete()
        .select_related("organisation")
        .order_by("organisation__name")
    )
    fields = list(wave.instrument.ordered_fields())
    values = {
        (a.interview_id, a.field_id): getattr(a, measure)
        for a in FieldAnswer.objects.filter(interview__in=interviews)
    }
    rows = [(iv, [values.get((iv.pk, f.pk)) for f in fields]) for iv in interviews]
    return render(
        request,
        "needs/heatmap.html",
        {
            "wave": wave,
            "fields": fields,
            "rows": rows,
            "measure": measure,
            "labels": need_labels(wave),
        },
    )


def chart_png(request, pk: int, chart: str):
    wave = _wave(pk)
    context = _base_context(request, wave)
    evaluation = context["evaluation"]
    if evaluation is None:
        raise Http404
    if chart == "ranking":
        content = ranking_chart(wave, evaluation, formats=("png",)).png
    elif chart == "clusters":
        clusters, _hidden = visible_clusters(evaluation, context["privileged"])
        if not clusters:
            raise Http404
        content = cluster_chart(wave, evaluation, clusters, formats=("png",)).png
    else:
        field = next((f for f in evaluation.fields if f.key == chart), None)
        if field is None:
            raise Http404
        content = distribution_chart(wave, field, need_labels(wave), formats=("png",)).png
    response = HttpResponse(content, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="bedarfsanalyse-{wave.pk}-{chart}.png"'
    return response


def export(request, pk: int, what: str, fmt: str):
    wave = _wave(pk)
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    if what == "antworten":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not acting_user(request.user):
            raise PermissionDenied  # as on every page with single answers
        # Raw answers: only the rows the user may see one by one.
        table = answers_table(wave, Interview.objects.for_user(request.user).filter(wave=wave))
    elif what == "kennzahlen":
        evaluation = _base_context(request, wave)["evaluation"]
        if evaluation is None:
            raise Http404
        table = aggregates_table(wave, evaluation)
    else:
        raise Http404
    filename, content_type, content = exporter.render(table)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_with_role
def association_profile(request, pk: int):
    """One association across waves, with its change between them."""
    interviews = list(
        Interview.objects.for_user(request.user)
        .filter(organisation_id=pk)
        .complete()
        .select_related("wave__instrument", "organisation")
        .order_by("wave__period_start")
    )
    organisation = get_object_or_404(Organisation, pk=pk)
    if not services.may_view_association(request.user, organisation):
        # The same answer as for an unknown id, so nothing is revealed.
        raise Http404
    answers = {
        (a.interview_id, a.field_id): a
        for a in FieldAnswer.objects.filter(interview__in=interviews).select_related("field")
    }
    fields = []
    seen = set()
    for iv in interviews:
        for f in iv.wave.instrument.ordered_fields():
            if f.pk not in seen:
                seen.add(f.pk)
                fields.append(f)
    table = []
    for f in fields:
        cells: list[dict[str, Any]] = []
        previous = None
        for iv in interviews:
            answer = answers.get((iv.pk, f.pk))
            change = None
            if (
                answer
                and previous
                and answer.need is not None
                and previous.need is not None
                and answer.competence is not None
                and previous.competence is not None
            ):
                change = {
                    "need": answer.need - previous.need,
                    "competence": answer.competence - previous.competence,
                }
            cells.append({"answer": answer, "change": change})
            previous = answer or previous
        table.append((f, cells))
    drafts = Interview.objects.for_user(request.user).filter(
        organisation_id=pk, status=Status.DRAFT
    )
    return render(
        request,
        "needs/association.html",
        {
            "organisation": organisation,
            "interviews": interviews,
            "table": table,
            "drafts": drafts.select_related("wave"),
        },
    )


@login_with_role
def my_results(request):
    if request.user.role != Role.REPRESENTATIVE or not request.user.acting_for_id:
        raise Http404
    return redirect("needs:association", pk=request.user.acting_for_id)
