"""The account (`User`) and its roles: coordinator and team member run the programme,
interviewers visit associations, representatives and service providers act for one
organisation. The public is the anonymous user."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vereinsforum.organisations.models import Person


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    TEAM_MEMBER = "team_member", _("Team member")
    INTERVIEWER = "interviewer", _("Interviewer")
    REPRESENTATIVE = "representative", _("Association representative")
    SERVICE_PROVIDER = "service_provider", _("Service provider")


#: Roles that act for one organisation and see only that organisation.
ORGANISATION_ROLES = (Role.REPRESENTATIVE, Role.SERVICE_PROVIDER)
#: Roles that run the programme and see all of it.
STAFF_ROLES = (Role.COORDINATOR, Role.TEAM_MEMBER)


class VereinsforumUserManager(UserManager["User"]):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # The admin belongs to coordinators (accounts/admin.py): a superuser without a role
        # could not even open it.
        extra_fields.setdefault("role", Role.COORDINATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """An account. The public role is the anonymous user; every account has one of the others."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    acting_for = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("acts for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=_("The organisation a representative or service provider acts for."),
    )
    person = models.OneToOneField(
        "organisations.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
    )

    objects: ClassVar[VereinsforumUserManager] = VereinsforumUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_org_roles_act_for_an_organisation",
                condition=~Q(role__in=[r.value for r in ORGANISATION_ROLES])
                | Q(acting_for__isnull=False),
                violation_error_message=_(
                    "Representatives and service providers must act for an organisation."
                ),
            ),
        ]

    def acts_for_organisation(self) -> bool:
        """Whether this account's person holds a current role in the organisation it acts
        for (see accounts/scoping.py `acting_user`)."""
        if not (self.acting_for_id and self.person_id):
            return False
        # The person model through the relation, not an import: organisations' models and
        # scoping import these models, so importing theirs back would close a cycle.
        person_model = cast("type[Person]", self._meta.get_field("person").related_model)
        people = person_model.objects.affiliated_with(self.acting_for_id)
        return people.filter(pk=self.person_id).exists()

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_programme_staff(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    @property
    def is_interviewer(self) -> bool:
        return self.is_active and self.role == Role.INTERVIEWER

    @property
    def is_representative(self) -> bool:
        from vereinsforum.accounts.scoping import acting_user

        return self.role == Role.REPRESENTATIVE and acting_user(self)

    @property
    def is_service_provider(self) -> bool:
        from vereinsforum.accounts.scoping import acting_user

        return self.role == Role.SERVICE_PROVIDER and acting_user(self)
