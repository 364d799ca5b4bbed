"""The coverage as CSV or XLSX, through the project's one tabular exporter (lib/tabular.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vereinsforum.lib.tabular import CsvExporter, Sheet, TabularExport, XlsxExporter
from vereinsforum.offers.coverage import FieldLine
from vereinsforum.offers.models import CoverageRun

EXPORTERS = {e.format: e for e in (CsvExporter(), XlsxExporter())}


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def level_sheet(levels: list[int], lines: list[FieldLine]) -> Sheet:
    header = [_("Field")]
    for level in levels:
        header += [
            _("Need %(level)s: needs") % {"level": level},
            _("Need %(level)s: met") % {"level": level},
        ]
    header += [_("Needs"), _("Met"), _("Not met"), _("Offers (cases)")]
    rows = []
    for line in lines:
        row: list[str | int] = [str(line.field)]
        for level in levels:
            row += [line.cells[level].total, line.cells[level].covered]
        total = line.total
        row += [
            total.total,
            total.covered,
            total.uncovered,
            "; ".join(
                f"{o.title} – {o.organisation.short_name or o.organisation.name} ({n})"
                for o, n in line.offers
            ),
        ]
        rows.append(row)
    return Sheet(_("Coverage by need level"), header, rows)


def need_sheet(rows) -> Sheet:
    header = [
        _("Association"),
        _("Field"),
        _("Need intensity"),
        _("Offer"),
        _("Welfare service"),
        _("Shared language"),
        _("District served"),
        _("Benefit"),
    ]
    out = []
    for row in rows.select_related("organisation", "field", "offer__organisation").order_by(
        "organisation__name", "field__position"
    ):
        offer = row.offer
        out.append(
            [
                row.organisation.name,
                str(row.field),
                row.need,
                offer.title if offer else _("no offer"),
                offer.organisation.name if offer else "",
                _yes_no(row.shared_language),
                _yes_no(row.district_served),
                row.benefit,
            ]
        )
    return Sheet(_("Needs"), header, out)


def coverage_export(run: CoverageRun, levels, lines, rows=None) -> TabularExport:
    sheets = [level_sheet(levels, lines)]
    if rows is not None and rows.exists():
        sheets.append(need_sheet(rows))
    return TabularExport(f"abdeckung-{run.pk}", sheets)
