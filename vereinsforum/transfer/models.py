"""The record of each applied import: who, when, which file (by digest) and what it did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    #: SHA-256 of the table read (reading.Table.digest): the preview tells when the same
    #: table was applied before.
    digest = models.CharField(_("file digest"), max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    #: {"organisations_created": 3, …}: numbers only, never a name.
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
