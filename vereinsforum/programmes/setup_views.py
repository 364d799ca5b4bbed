"""The coordinator's set-up on a fresh install, in four steps: the programme, its fields,
the languages, and the site's imprint, privacy and contact details. Each step can be opened
again later from the navigation ("Set-up"). Coordinators only; every write is a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinsforum.accounts.models import Role
from vereinsforum.accounts.scoping import role_required
from vereinsforum.lib.kern_forms import add_service_errors
from vereinsforum.lib.translation_inputs import translations_shown
from vereinsforum.organisations.models import Language
from vereinsforum.organisations.services import (
    language_create,
    language_delete,
    language_update,
)
from vereinsforum.programmes.field_services import (
    field_create,
    field_delete,
    field_move,
    field_update,
)
from vereinsforum.programmes.models import Field, Programme
from vereinsforum.programmes.services import programme_create, programme_update
from vereinsforum.programmes.setup import setup_steps
from vereinsforum.programmes.setup_forms import (
    FieldForm,
    FieldMoveForm,
    LanguageForm,
    ProgrammeForm,
    SiteDetailsForm,
)
from vereinsforum.web.models import SiteDetails
from vereinsforum.web.services import site_details_update

coordinators_only = role_required(Role.COORDINATOR)


def _render(request, template: str, current: str, context: dict, status: int = 200):
    return render(
        request,
        f"programmes/setup/{template}",
        {"steps": setup_steps(), "current_step": current, **context},
        status=status,
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


@coordinators_only
def setup(request):
    steps = setup_steps()
    return render(
        request,
        "programmes/setup/overview.html",
        {
            "steps": steps,
            "all_done": all(step.done for step in steps),
            "programme": Programme.current(),
        },
    )


@coordinators_only
def setup_programme(request):
    programme = Programme.current()
    form = ProgrammeForm(_posted(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            if programme is None:
                programme = programme_create(actor=request.user, **form.service_arguments())
                messages.success(
                    request,
                    _("The programme has been set up with the usual fields. Please check them."),
                )
            else:
                programme_update(
                    actor=request.user, programme=programme, **form.service_arguments()
                )
                messages.success(request, _("The programme has been saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("programmes:setup_fields")
    return _render(request, "programme.html", "programme", {"form": form, "programme": programme})


def _current_programme(request):
    programme = Programme.current()
    if programme is None:
        messages.info(request, _("Please set up the programme first; its fields follow."))
    return programme


@coordinators_only
def setup_fields(request):
    programme = _current_programme(request)
    if programme is None:
        return redirect("programmes:setup_programme")
    return _render(
        request,
        "fields.html",
        "fields",
        {
            "programme": programme,
            "rows": [
                (field, translations_shown(field.name_i18n))
                for field in programme.fields.order_by("position")
            ],
        },
    )


@coordinators_only
def setup_field_create(request):
    programme = _current_programme(request)
    if programme is None:
        return redirect("programmes:setup_programme")
    form = FieldForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            field = field_create(
                actor=request.user, programme=programme, **form.service_arguments()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The field “%(name)s” has been added.") % {"name": field})
            return redirect("programmes:setup_fields")
    return _render(request, "field_form.html", "fields", {"form": form, "field": None})


def _field(pk: int) -> Field:
    # Fields are the programme's, not anybody's in particular: the coordinator-only decorator
    # is the boundary, and only the current programme's fields are edited here.
    return get_object_or_404(Field, pk=pk, programme=Programme.current())


@coordinators_only
def setup_field_edit(request, pk: int):
    field = _field(pk)
    form = FieldForm(_posted(request), field=field)
    if request.method == "POST" and form.is_valid():
        try:
            field = field_update(actor=request.user, field=field, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The field “%(name)s” has been saved.") % {"name": field})
            return redirect("programmes:setup_fields")
    return _render(request, "field_form.html", "fields", {"form": form, "field": field})


@coordinators_only
@require_POST
def setup_field_move(request, pk: int):
    field = _field(pk)
    form = FieldMoveForm(request.POST)
    if form.is_valid():
        try:
            field_move(actor=request.user, field=field, position=form.cleaned_data["position"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Please choose where the field should move to."))
    return redirect("programmes:setup_fields")


@coordinators_only
def setup_field_delete(request, pk: int):
    field = _field(pk)
    errors: list[str] = []
    if request.method == "POST":
        name = str(field)
        try:
            field_delete(actor=request.user, field=field)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("The field “%(name)s” has been removed.") % {"name": name})
            return redirect("programmes:setup_fields")
    return _render(request, "field_delete.html", "fields", {"field": field, "errors": errors})


@coordinators_only
def setup_languages(request):
    form = LanguageForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            language = language_create(actor=request.user, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The language “%(name)s” has been added.") % {"name": language}
            )
            return redirect("programmes:setup_languages")
    return _render(
        request,
        "languages.html",
        "languages",
        {
            "form": form,
            "rows": [
                (language, translations_shown(language.name_i18n))
                for language in Language.objects.order_by("name")
            ],
        },
    )


@coordinators_only
def setup_language_edit(request, code: str):
    language = get_object_or_404(Language, code=code)
    form = LanguageForm(_posted(request), language=language)
    if request.method == "POST" and form.is_valid():
        try:
            language = language_update(
                actor=request.user, language=language, **form.service_arguments()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The language “%(name)s” has been saved.") % {"name": language}
            )
            return redirect("programmes:setup_languages")
    return _render(request, "language_form.html", "languages", {"form": form, "language": language})


@coordinators_only
def setup_language_delete(request, code: str):
    language = get_object_or_404(Language, code=code)
    errors: list[str] = []
    if request.method == "POST":
        name = str(language)
        try:
            language_delete(actor=request.user, language=language)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request, _("The language “%(name)s” has been removed.") % {"name": name}
            )
            return redirect("programmes:setup_languages")
    return _render(
        request, "language_delete.html", "languages", {"language": language, "errors": errors}
    )


@coordinators_only
def setup_site(request):
    details = SiteDetails.load()
    # Read before the form is validated: validation writes the posted values onto `details`.
    configured = {
        "imprint": details.imprint_configured,
        "privacy": details.privacy_configured,
        "contact": details.contact_configured,
    }
    form = SiteDetailsForm(_posted(request), instance=details)
    if request.method == "POST" and form.is_valid():
        try:
            site_details_update(
                actor=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The imprint, privacy and contact details have been saved.")
            )
            return redirect("web:dashboard")
    return _render(request, "site.html", "site", {"form": form, "configured": configured})
