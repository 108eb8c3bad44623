"""The registry's version: a number every write advances, the key of every cached answer."""

import time

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ROW = 1


def first_number():
    """Milliseconds since 1970: a registry started again (a flushed database) never reuses
    the number of a state whose answers a cache may still hold."""
    return time.time_ns() // 1_000_000


class RegistryVersion(models.Model):
    """One row: the number of the registry's current state and when it was reached.

    Not registry data: it is never exported or imported (exports.registry_models).
    """

    registry_data = False

    number = models.PositiveBigIntegerField(_("version"), default=first_number)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("registry version")
        verbose_name_plural = _("registry versions")

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls):
        """(number, changed_at) of the state readers see now."""
        version, _created = cls.objects.get_or_create(pk=ROW)
        return version.number, version.changed_at

    @classmethod
    def advance(cls):
        """Count one more change. An UPDATE in the writer's transaction: readers see the new
        number when they see the change, and two writers never share one."""
        advanced = cls.objects.filter(pk=ROW).update(
            number=F("number") + 1, changed_at=timezone.now()
        )
        if not advanced:
            cls.objects.get_or_create(pk=ROW)
