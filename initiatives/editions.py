"""An event's place in its series, as the language says it: «2-й форум», «2-форум», "forum no. 2".

A bare "Edition 2" is a calque in Russian and Kyrgyz. The ordinal takes the event's kind, and in
Russian its ending agrees with the kind's gender (2-й форум, 2-я конференция, 2-е совещание),
so each kind has its own entry in the catalogue.
"""

from django.utils.translation import gettext_lazy as _

from initiatives.models import Event

EDITIONS = {
    Event.Kind.FORUM: _("forum no. %(number)s"),
    Event.Kind.CONFERENCE: _("conference no. %(number)s"),
    Event.Kind.SEMINAR: _("seminar no. %(number)s"),
    Event.Kind.MEETING: _("meeting no. %(number)s"),
    Event.Kind.ONLINE_MEETING: _("online meeting no. %(number)s"),
    Event.Kind.EXCHANGE_VISIT: _("experience exchange no. %(number)s"),
    Event.Kind.WORKING_VISIT: _("working visit no. %(number)s"),
    Event.Kind.SURVEY: _("survey no. %(number)s"),
    Event.Kind.OTHER: _("event no. %(number)s"),
}


def edition_of(event):
    """«2-й форум» for the second edition of a forum series; "" for an event with no number."""
    if event.edition is None:
        return ""
    phrase = EDITIONS.get(event.kind, EDITIONS[Event.Kind.OTHER])
    return str(phrase) % {"number": event.edition}
