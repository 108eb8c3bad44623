"""How many records of a kind, as a reader says it: «21 инициатива», «5 инициатив», «21 демилге».

A count is never a number followed by the kind's plural name: Russian takes one of three forms
after a numeral (1 инициатива, 2 инициативы, 5 инициатив, 21 инициатива) and Kyrgyz the singular
(12 демилге), so each kind has its own plural entry in the catalogue, chosen by the number.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from initiatives.localized import format_number

# By model name. The literal strings are what makemessages extracts.
PHRASES = {
    "initiative": lambda n: ngettext("%(count)s initiative", "%(count)s initiatives", n),
    "event": lambda n: ngettext("%(count)s event", "%(count)s events", n),
    "organization": lambda n: ngettext("%(count)s organization", "%(count)s organizations", n),
    "donorproject": lambda n: ngettext("%(count)s donor project", "%(count)s donor projects", n),
    "person": lambda n: ngettext("%(count)s person", "%(count)s people", n),
    "document": lambda n: ngettext("%(count)s document", "%(count)s documents", n),
    "territory": lambda n: ngettext("%(count)s territory", "%(count)s territories", n),
    "topic": lambda n: ngettext("%(count)s topic", "%(count)s topics", n),
    "source": lambda n: ngettext("%(count)s source", "%(count)s sources", n),
}


def count_of(model_name, count, emphasis=False):
    """«21 инициатива» for ("initiative", 21); with `emphasis`, the number in <strong>."""
    number = format_number(count)
    if emphasis:
        number = format_html("<strong>{}</strong>", number)
    return mark_safe(conditional_escape(PHRASES[model_name](count)) % {"count": number})
