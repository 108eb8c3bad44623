"""How many records of a kind, as a reader says it on a page: «21 инициатива», «5 инициатив»,
«21 демилге».

A count is never a number followed by the kind's plural name: Russian takes one of three forms
after a numeral and Kyrgyz the singular, so each kind's count is a plural entry in the catalogue,
declared once for pages and admin alike (initiatives/grammar.py).
"""

from django.apps import apps
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from initiatives import paging
from initiatives.grammar import NOUNS, TERRITORY_KIND_COUNTS
from initiatives.localized import format_number


def count_of(model_name, count, emphasis=False):
    """«21 инициатива» for ("initiative", 21); with `emphasis`, the number in <strong>."""
    noun = NOUNS[apps.get_model("initiatives", model_name)._meta.label]
    number = format_number(count)
    if emphasis:
        number = format_html("<strong>{}</strong>", number)
    return mark_safe(conditional_escape(noun.count(count)) % {"count": conditional_escape(number)})


def list_count(model_name, paginator):
    """A list's count of what it holds: «21 инициатива», or for a list longer than it counts
    (initiatives/paging.py) «более 1 000 инициатив», «1 000 ашуун демилге»."""
    if not paginator.open_ended:
        return count_of(model_name, paginator.count)
    noun = NOUNS[apps.get_model("initiatives", model_name)._meta.label]
    # The phrase stands where the number stands in the kind's count, whose form it takes:
    # Russian «более» before the number, Kyrgyz «ашуун» after it.
    more_than = pgettext("a count a list stops at", "more than %(count)s")
    counted = paginator.count_up_to
    return noun.counted(counted, more_than % {"count": format_number(counted)})


def counted_up_to(count):
    """A section's count of its rows as a page writes it, and whether the section goes on past
    it: («1 021», False), or past what a page counts (prefetches.count_of) («1 000», True),
    which the page says as «более чем 1 000»."""
    if count <= paging.COUNT_UP_TO:
        return format_number(count), False
    return format_number(paging.COUNT_UP_TO), True


def territories_within(territory):
    """What lies directly within a territory, kind by kind in the tree's order: «4 района,
    1 город», «4 район, 1 шаар»; empty when nothing does. The read model counted them
    (Territory.children_by_kind)."""
    return ", ".join(
        TERRITORY_KIND_COUNTS[kind](count) % {"count": format_number(count)}
        for kind, count in territory.children_by_kind
    )
