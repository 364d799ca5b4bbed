"""The import's upload form: one CSV or Excel file, read as a table (transfer/reading.py)."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vereinsforum.lib.kern_forms import KernForm
from vereinsforum.transfer.reading import MAX_BYTES, TableError, read_table


class UploadForm(KernForm):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "One row per organisation or per contact, with a header row. CSV in UTF-8 or "
            "Windows-1252, or an Excel workbook (.xlsx, first sheet). At most %(size)s."
        ) % {"size": filesizeformat(MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s. Please split it into smaller files.")
                % {"size": filesizeformat(MAX_BYTES)}
            )
        content = upload.read()
        try:
            self.table = read_table(content)
        except TableError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.content = content
        return upload
