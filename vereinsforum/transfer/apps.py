"""The transfer app: importing associations and contacts from a spreadsheet, and exports.
Its AppConfig adds the navigation and declares the app's processing and erasure to the
privacy registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "vereinsforum.transfer"
    label = "transfer"
    verbose_name = _("Import and export")

    def nav_items(self, user):
        from vereinsforum.transfer.views import is_transfer_staff
        from vereinsforum.web.navigation import NavItem

        if is_transfer_staff(user):
            return [NavItem(_("Import and export"), "transfer:index", order=180)]
        return []

    def privacy_declarations(self):
        """For the record of processing activities (privacy app): the uploaded files and the
        record of each import."""
        from vereinsforum.privacy.declarations import DataCategory, LegalBasis, Processing

        return [
            Processing(
                key="import",
                app="transfer",
                name=_("Import of organisations and contacts from files"),
                purpose=_(
                    "Taking lists of associations and their contact persons that the city "
                    "already holds into the programme's records, checked before saving."
                ),
                legal_basis=LegalBasis.PUBLIC_TASK,
                data_subjects=_("Contact persons of associations, services and city departments"),
                categories=(
                    DataCategory(_("Uploaded file (CSV or Excel) until the import is applied")),
                    DataCategory(
                        _("Record of each applied import (who, when, counts)"),
                        "transfer.ImportRun",
                        ("imported_by", "imported_at", "counts"),
                    ),
                ),
                recipients=(_("Integration office of the city (programme team)"),),
                retention_note=_(
                    "The uploaded file is deleted when the import is applied or discarded, "
                    "and after one hour at the latest; the record of the import is kept "
                    "with the audit log."
                ),
            )
        ]

    def privacy_erasure(self):
        from vereinsforum.privacy.declarations import Erasure, Handling

        return {
            "transfer.ImportRun": Erasure(
                Handling.POINTS_AT_PSEUDONYM,
                _("Points at the account that applied the import; erasure renames it."),
            )
        }
