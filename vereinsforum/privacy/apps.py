"""The privacy app: consents, the record of processing activities, retention and erasure.
Its AppConfig declares its own processing, erases a person's consents and names in free
text, and gives their data to the subject access report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "vereinsforum.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from django.db.models.signals import post_save

        from vereinsforum.oparl.models import PublicationBasis

        post_save.connect(
            _publication_basis_saved,
            sender=PublicationBasis,
            dispatch_uid="privacy.follow_publication_basis",
        )

    def nav_items(self, user):
        from vereinsforum.web.navigation import NavItem

        if not getattr(user, "is_coordinator", False):
            return []
        return [NavItem(_("Data protection"), "privacy:index", order=90)]

    def privacy_declarations(self):
        from vereinsforum.privacy.builtin_processing import BUILTIN

        return BUILTIN["privacy"]

    def erase_person(self, *, person, account, terms):
        """Called by `person_pseudonymise`: consents in force are withdrawn, and the name
        leaves the free text of apps that have no erasure of their own for it."""
        from vereinsforum.privacy.erasure import free_text_erase
        from vereinsforum.privacy.services import consents_erase

        consents_erase(person=person, terms=terms)
        free_text_erase(terms=terms)

    def subject_data(self, *, person, account):
        """The audit entries about the person and their doings, and mail to their address
        that no key links to them (the events and audit apps have no hook of their own)."""
        from vereinsforum.privacy.subject import audit_sections

        return audit_sections(person=person, account=account)


def _publication_basis_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    from vereinsforum.privacy.services import follow_publication_basis

    follow_publication_basis(instance)
