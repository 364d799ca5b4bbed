"""The instrument: versions, their wording, and publishing (coordinators only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import role_required
from vereinsforum.needs import services
from vereinsforum.needs.forms import FieldsForm, ItemForm, VersionCreateForm
from vereinsforum.needs.models import InstrumentItem, InstrumentVersion
from vereinsforum.needs.views.capture import current_programme

coordinator_only = role_required(Role.COORDINATOR)


@coordinator_only
def instrument_list(request):
    programme = current_programme()
    versions = programme.instrument_versions.prefetch_related("waves").order_by("-number")
    form = VersionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.instrument_version_create(
                actor=request.user, programme=programme, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("A new draft version has been created."))
            return redirect("needs:instrument", pk=version.pk)
    return render(
        request,
        "needs/instrument_list.html",
        {
            "programme": programme,
            "versions": versions,
            "form": form,
            "has_draft": any(not v.is_published for v in versions),
        },
    )


def _version(pk: int) -> InstrumentVersion:
    return get_object_or_404(InstrumentVersion.objects.select_related("programme"), pk=pk)


@coordinator_only
def instrument_detail(request, pk: int):
    version = _version(pk)
    items = list(version.items.order_by("id"))
    forms = {} if version.is_published else {item.pk: ItemForm(item=item) for item in items}
    return render(
        request,
        "needs/instrument_detail.html",
        {
            "version": version,
            "items": [(item, forms.get(item.pk)) for item in items],
            "fields": version.ordered_fields(),
            "fields_form": None if version.is_published else FieldsForm(version=version),
        },
    )


@require_POST
@coordinator_only
def instrument_item_update(request, pk: int):
    item = get_object_or_404(InstrumentItem.objects.select_related("version"), pk=pk)
    form = ItemForm(request.POST, item=item)
    if form.is_valid():
        try:
            services.instrument_item_update(
                actor=request.user,
                item=item,
                text=form.cleaned_data["text"],
                text_i18n=form.text_i18n(),
                anchors=form.anchors(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("needs:instrument", pk=item.version_id)
    version = item.version
    items = list(version.items.order_by("id"))
    forms = {i.pk: ItemForm(item=i) for i in items} if not version.is_published else {}
    forms[item.pk] = form
    return render(
        request,
        "needs/instrument_detail.html",
        {
            "version": version,
            "items": [(i, forms.get(i.pk)) for i in items],
            "fields": version.ordered_fields(),
            "fields_form": None if version.is_published else FieldsForm(version=version),
        },
        status=400,
    )


@require_POST
@coordinator_only
def instrument_fields(request, pk: int):
    version = _version(pk)
    form = FieldsForm(request.POST, version=version)
    if form.is_valid():
        try:
            services.instrument_fields_set(
                actor=request.user, version=version, fields=list(form.cleaned_data["fields_"])
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The fields have been saved."))
    else:
        messages.error(request, _("Choose at least one field."))
    return redirect("needs:instrument", pk=version.pk)


@require_POST
@coordinator_only
def instrument_publish(request, pk: int):
    version = _version(pk)
    try:
        services.instrument_version_publish(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The version has been published. It can no longer change."))
    return redirect("needs:instrument", pk=version.pk)
