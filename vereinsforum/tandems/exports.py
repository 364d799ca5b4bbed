"""The tandems of a wave as CSV or XLSX (through lib/tabular.py: names stay text)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vereinsforum.lib.tabular import Sheet, TabularExport
from vereinsforum.lib.translated import translated
from vereinsforum.needs.models import Wave
from vereinsforum.organisations.models import Language
from vereinsforum.tandems.models import Tandem


def tandems_table(wave: Wave) -> TabularExport:
    tandems = list(
        Tandem.objects.filter(wave=wave)
        .select_related("field", "mentor", "mentee")
        .order_by("field__position", "status", "-benefit", "mentee__name", "pk")
    )
    names = {
        lang.code: translated(lang, "name")
        for lang in Language.objects.filter(
            code__in={c for t in tandems for c in t.shared_languages}
        )
    }
    header = [
        _("Field"),
        _("Mentor"),
        _("Mentee"),
        _("Status"),
        _("Mentor's answer"),
        _("Mentee's answer"),
        _("Benefit"),
        _("Competence gap"),
        _("Mentor's competence"),
        _("Mentee's competence"),
        _("Mentee's need"),
        _("Shared languages"),
        _("Shared communities"),
        _("Mentor's district"),
        _("Mentee's district"),
        _("Distance (km)"),
        _("Benefit from the gap"),
        _("Benefit from language or community"),
        _("Benefit from closeness"),
    ]
    rows = [
        [
            translated(t.field, "name"),
            t.mentor.name,
            t.mentee.name,
            t.get_status_display(),
            t.get_mentor_answer_display(),
            t.get_mentee_answer_display(),
            round(t.benefit, 3),
            t.gap,
            t.mentor_competence,
            t.mentee_competence,
            t.mentee_need,
            ", ".join(names.get(c, c) for c in t.shared_languages),
            ", ".join(t.shared_communities),
            t.mentor_district,
            t.mentee_district,
            t.distance_km,
            round(t.benefit_gap, 3),
            round(t.benefit_language, 3),
            round(t.benefit_district, 3),
        ]
        for t in tandems
    ]
    return TabularExport(f"tandems-{wave.pk}", [Sheet(_("Tandems"), header, rows)])
