"""The organizations that take part in an initiative, a donor project or an event, by role."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models.base import CitedFact, citation_complete, translated_char


class ParticipationManager(models.Manager):
    def get_by_natural_key(self, owner_slug, organization_slug, role):
        return self.get(
            **{f"{self.model.owner_field}__slug": owner_slug},
            organization__slug=organization_slug,
            role=role,
        )


class Participation(CitedFact):
    """An organization's role in the record that owns it; the concrete class names `owner_field`."""

    owner_field = None

    organization = models.ForeignKey(
        "initiatives.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="%(class)s_set",
    )
    note = translated_char(_("note"))

    objects = ParticipationManager()

    class Meta:
        abstract = True
        ordering = ["role", "organization"]
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")

    def __str__(self):
        return f"{self.organization}: {self.get_role_display()}"

    def natural_key(self):
        owner = getattr(self, self.owner_field)
        return (owner.slug, self.organization.slug, self.role)

    @classmethod
    def natural_key_fields(cls):
        return (f"{cls.owner_field}__slug", "organization__slug", "role")

    natural_key.dependencies = ["initiatives.organization"]


def participation_constraints(owner_field):
    return [
        models.UniqueConstraint(
            fields=[owner_field, "organization", "role"],
            name="%(app_label)s_%(class)s_unique_role",
            violation_error_message=_("This organization already has this role here."),
        ),
        citation_complete(),
    ]
