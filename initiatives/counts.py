"""How many records of a kind, as a reader says it on a page: «21 инициатива», «5 инициатив»,
«21 демилге».

A count is never a number followed by the kind's plural name: Russian takes one of three forms
after a numeral and Kyrgyz the singular, so each kind's count is a plural entry in the catalogue,
declared once for pages and admin alike (initiatives/grammar.py).
"""

from django.apps import apps
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from initiatives.grammar import NOUNS
from initiatives.localized import format_number


def count_of(model_name, count, emphasis=False):
    """«21 инициатива» for ("initiative", 21); with `emphasis`, the number in <strong>."""
    noun = NOUNS[apps.get_model("initiatives", model_name)._meta.label]
    number = format_number(count)
    if emphasis:
        number = format_html("<strong>{}</strong>", number)
    return mark_safe(conditional_escape(noun.count(count)) % {"count": conditional_escape(number)})
