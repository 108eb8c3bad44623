"""Free-text search that ignores case in every alphabet the registry is written in.

Django's `icontains` leans on the database: SQLite's LIKE folds only ASCII letters, so
«САНАРИП» would not find «Санарип», nor «ӨНҮГҮҮ» find «өнүгүү». The `ucontains` lookup lowers
both sides itself: the search term in Python, the column with PostgreSQL's LOWER() (Unicode
aware in a UTF-8 database) or, on SQLite, with Python's `str.lower` registered as a function.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Q
from django.db.models.lookups import Contains

SQLITE_LOWER = "unicode_lower"


@models.CharField.register_lookup
@models.TextField.register_lookup
class UnicodeContains(Contains):
    """`name_ru__ucontains="санарип"`: contains, ignoring case in any alphabet."""

    lookup_name = "ucontains"

    def get_prep_lookup(self):
        value = super().get_prep_lookup()
        return value.lower() if isinstance(value, str) else value

    def get_rhs_op(self, connection, rhs):
        # The database's own operator for `contains` (LIKE with its escape character).
        if self.rhs_is_direct_value():
            return connection.operators["contains"] % rhs
        return super().get_rhs_op(connection, rhs)

    def process_lhs(self, compiler, connection, lhs=None):
        sql, params = super().process_lhs(compiler, connection, lhs)
        function = SQLITE_LOWER if connection.vendor == "sqlite" else "LOWER"
        return f"{function}({sql})", params


def register_sqlite_lower(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_LOWER, 1, lambda text: None if text is None else text.lower(), deterministic=True
        )


def connect():
    connection_created.connect(register_sqlite_lower, dispatch_uid="initiatives.search.lower")


def matching(fields, text):
    """A Q object: every word of `text` occurs, in any case, in at least one of `fields`."""
    words = text.split()
    if not words:
        return Q()
    return reduce(
        lambda both, word: both & reduce(or_, (Q(**{f"{f}__ucontains": word}) for f in fields)),
        words,
        Q(),
    )
