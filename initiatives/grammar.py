"""How the interface names a kind of record inside a sentence, and a field in its language.

A model's verbose_name is the kind in the nominative: right as a heading, wrong inside a
sentence. Russian puts the object of a verb in the accusative («Изменить инициативу»), and a
number takes one of three forms after it (1 инициатива, 2 инициативы, 5 инициатив); Kyrgyz
marks a definite object («Демилгени өзгөртүү») but not a new one («Демилге кошуу»), and keeps
the noun singular after a number (12 демилге). So each kind declares here, through gettext so
that translators own every form:

- `accusative`: the kind as the object of a verb, «Выберите инициативу для изменения»;
- `add`: the whole "add one" phrase, «Добавить инициативу» / «Демилге кошуу»;
- `count`: a number of records of the kind, «5 инициатив» / «5 демилге».

The admin uses them for every title, button and count (initiatives/admin/wording.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy
from translated_fields.fields import show_language_code

from initiatives.localized import format_number


@dataclass(frozen=True)
class Noun:
    accusative: Promise
    add: Promise
    # n → the catalogue's form for n, "%(count)s" still in it: the number is written by the
    # language's rules (initiatives/localized.py) and may be wrapped in markup by the caller.
    count: Callable[[int], str]

    def counted(self, number, shown=None):
        """«5 инициатив»: `shown` is what stands for the number (default: the number written
        as the language writes it)."""
        return self.count(number) % {"count": format_number(number) if shown is None else shown}


STATUS_REPORT = Noun(
    pgettext_lazy("accusative", "status report"),
    _("Add status report"),
    lambda n: ngettext("%(count)s status report", "%(count)s status reports", n),
)

# Every registry model, by label. tests/test_admin_wording.py fails for a registered model
# missing here.
NOUNS = {
    "initiatives.Source": Noun(
        pgettext_lazy("accusative", "source"),
        _("Add source"),
        lambda n: ngettext("%(count)s source", "%(count)s sources", n),
    ),
    "initiatives.Document": Noun(
        pgettext_lazy("accusative", "document"),
        _("Add document"),
        lambda n: ngettext("%(count)s document", "%(count)s documents", n),
    ),
    "initiatives.DocumentCitation": Noun(
        pgettext_lazy("accusative", "citation of a document"),
        _("Add citation of a document"),
        lambda n: ngettext(
            "%(count)s citation of a document", "%(count)s citations of documents", n
        ),
    ),
    "initiatives.InitiativeStatusReport": STATUS_REPORT,
    "initiatives.DonorProjectStatusReport": STATUS_REPORT,
    "initiatives.EventStatusReport": STATUS_REPORT,
    "initiatives.EventSeries": Noun(
        pgettext_lazy("accusative", "event series"),
        _("Add event series"),
        lambda n: ngettext("%(count)s event series", "%(count)s event series", n),
    ),
    "initiatives.Event": Noun(
        pgettext_lazy("accusative", "event"),
        _("Add event"),
        lambda n: ngettext("%(count)s event", "%(count)s events", n),
    ),
    "initiatives.EventParticipation": Noun(
        pgettext_lazy("accusative", "organization at an event"),
        _("Add organization at an event"),
        lambda n: ngettext(
            "%(count)s organization at an event", "%(count)s organizations at events", n
        ),
    ),
    "initiatives.EventPerson": Noun(
        pgettext_lazy("accusative", "person at the event"),
        _("Add person at the event"),
        lambda n: ngettext("%(count)s person at events", "%(count)s people at events", n),
    ),
    "initiatives.EventCount": Noun(
        pgettext_lazy("accusative", "count at an event"),
        _("Add count at an event"),
        lambda n: ngettext("%(count)s count at events", "%(count)s counts at events", n),
    ),
    "initiatives.Statement": Noun(
        pgettext_lazy("accusative", "statement"),
        _("Add statement"),
        lambda n: ngettext("%(count)s statement", "%(count)s statements", n),
    ),
    "initiatives.CommitmentReport": Noun(
        pgettext_lazy("accusative", "report on a commitment"),
        _("Add report on a commitment"),
        lambda n: ngettext(
            "%(count)s report on a commitment", "%(count)s reports on commitments", n
        ),
    ),
    "initiatives.EventSeriesCitation": Noun(
        pgettext_lazy("accusative", "citation of an event series"),
        _("Add citation of an event series"),
        lambda n: ngettext(
            "%(count)s citation of an event series",
            "%(count)s citations of event series",
            n,
        ),
    ),
    "initiatives.EventCitation": Noun(
        pgettext_lazy("accusative", "citation of an event"),
        _("Add citation of an event"),
        lambda n: ngettext("%(count)s citation of an event", "%(count)s citations of events", n),
    ),
    "initiatives.Initiative": Noun(
        pgettext_lazy("accusative", "initiative"),
        _("Add initiative"),
        lambda n: ngettext("%(count)s initiative", "%(count)s initiatives", n),
    ),
    "initiatives.InitiativeParticipation": Noun(
        pgettext_lazy("accusative", "organization in an initiative"),
        _("Add organization in an initiative"),
        lambda n: ngettext(
            "%(count)s organization in an initiative",
            "%(count)s organizations in initiatives",
            n,
        ),
    ),
    "initiatives.Indicator": Noun(
        pgettext_lazy("accusative", "indicator"),
        _("Add indicator"),
        lambda n: ngettext("%(count)s indicator", "%(count)s indicators", n),
    ),
    "initiatives.Measurement": Noun(
        pgettext_lazy("accusative", "measurement"),
        _("Add measurement"),
        lambda n: ngettext("%(count)s measurement", "%(count)s measurements", n),
    ),
    "initiatives.InitiativeCitation": Noun(
        pgettext_lazy("accusative", "citation of an initiative"),
        _("Add citation of an initiative"),
        lambda n: ngettext(
            "%(count)s citation of an initiative", "%(count)s citations of initiatives", n
        ),
    ),
    "initiatives.IndicatorCitation": Noun(
        pgettext_lazy("accusative", "citation of an indicator"),
        _("Add citation of an indicator"),
        lambda n: ngettext(
            "%(count)s citation of an indicator", "%(count)s citations of indicators", n
        ),
    ),
    "initiatives.Organization": Noun(
        pgettext_lazy("accusative", "organization"),
        _("Add organization"),
        lambda n: ngettext("%(count)s organization", "%(count)s organizations", n),
    ),
    "initiatives.OrganizationName": Noun(
        pgettext_lazy("accusative", "other name"),
        _("Add other name"),
        lambda n: ngettext("%(count)s other name", "%(count)s other names", n),
    ),
    "initiatives.OrganizationSuccession": Noun(
        pgettext_lazy("accusative", "succession"),
        _("Add succession"),
        lambda n: ngettext("%(count)s succession", "%(count)s successions", n),
    ),
    "initiatives.OrganizationCitation": Noun(
        pgettext_lazy("accusative", "citation of an organization"),
        _("Add citation of an organization"),
        lambda n: ngettext(
            "%(count)s citation of an organization",
            "%(count)s citations of organizations",
            n,
        ),
    ),
    "initiatives.Person": Noun(
        pgettext_lazy("accusative", "person"),
        _("Add person"),
        lambda n: ngettext("%(count)s person", "%(count)s people", n),
    ),
    "initiatives.Position": Noun(
        pgettext_lazy("accusative", "position"),
        _("Add position"),
        lambda n: ngettext("%(count)s position", "%(count)s positions", n),
    ),
    "initiatives.ContactDetail": Noun(
        pgettext_lazy("accusative", "contact detail (private)"),
        _("Add contact detail (private)"),
        lambda n: ngettext(
            "%(count)s contact detail (private)", "%(count)s contact details (private)", n
        ),
    ),
    "initiatives.PersonCitation": Noun(
        pgettext_lazy("accusative", "citation of a person"),
        _("Add citation of a person"),
        lambda n: ngettext("%(count)s citation of a person", "%(count)s citations of people", n),
    ),
    "initiatives.Territory": Noun(
        pgettext_lazy("accusative", "territory"),
        _("Add territory"),
        lambda n: ngettext("%(count)s territory", "%(count)s territories", n),
    ),
    "initiatives.TerritoryMembership": Noun(
        pgettext_lazy("accusative", "territory in an initiative"),
        _("Add territory in an initiative"),
        lambda n: ngettext(
            "%(count)s territory in initiatives", "%(count)s territories in initiatives", n
        ),
    ),
    "initiatives.Topic": Noun(
        pgettext_lazy("accusative", "topic"),
        _("Add topic"),
        lambda n: ngettext("%(count)s topic", "%(count)s topics", n),
    ),
    "initiatives.TerritoryCitation": Noun(
        pgettext_lazy("accusative", "citation of a territory"),
        _("Add citation of a territory"),
        lambda n: ngettext(
            "%(count)s citation of a territory", "%(count)s citations of territories", n
        ),
    ),
    "initiatives.TopicCitation": Noun(
        pgettext_lazy("accusative", "citation of a topic"),
        _("Add citation of a topic"),
        lambda n: ngettext("%(count)s citation of a topic", "%(count)s citations of topics", n),
    ),
    "initiatives.DonorProject": Noun(
        pgettext_lazy("accusative", "donor project"),
        _("Add donor project"),
        lambda n: ngettext("%(count)s donor project", "%(count)s donor projects", n),
    ),
    "initiatives.DonorProjectParticipation": Noun(
        pgettext_lazy("accusative", "organization in a donor project"),
        _("Add organization in a donor project"),
        lambda n: ngettext(
            "%(count)s organization in a donor project",
            "%(count)s organizations in donor projects",
            n,
        ),
    ),
    "initiatives.DonorProjectCitation": Noun(
        pgettext_lazy("accusative", "citation of a donor project"),
        _("Add citation of a donor project"),
        lambda n: ngettext(
            "%(count)s citation of a donor project",
            "%(count)s citations of donor projects",
            n,
        ),
    ),
}


def noun_of(model):
    """The kind's forms; a model without them is a gap the tests name (KeyError)."""
    return NOUNS[model._meta.label]


# A text field comes in each language; its label names the language as a word, not a code.
LANGUAGE_OF_TEXT = {
    "ru": pgettext_lazy("language of a text", "Russian"),
    "ky": pgettext_lazy("language of a text", "Kyrgyz"),
    "en": pgettext_lazy("language of a text", "English"),
}


def field_label(field):
    """The field's label as its form shows it; a translated text's with its language:
    «Описание (русский)», «Сүрөттөмө (орусча)»."""
    with show_language_code(False):  # the language is named below, as a word
        label = capfirst(str(field.verbose_name))
    language = getattr(field, "_translated_field_language_code", None)
    if language is None:
        return label
    return pgettext("field in a language", "%(field)s (%(language)s)") % {
        "field": label,
        "language": LANGUAGE_OF_TEXT[language],
    }


# How many territories of one kind, after a number: «4 района», «9 айыл аймаков»; Kyrgyz keeps
# the noun singular, «9 айыл аймак». Keyed by Territory.Kind's values.
TERRITORY_KIND_COUNTS = {
    "country": lambda n: ngettext("%(count)s country", "%(count)s countries", n),
    "oblast": lambda n: ngettext("%(count)s oblast", "%(count)s oblasts", n),
    "republican_city": lambda n: ngettext(
        "%(count)s city of republican significance",
        "%(count)s cities of republican significance",
        n,
    ),
    "district": lambda n: ngettext("%(count)s district", "%(count)s districts", n),
    "city": lambda n: ngettext("%(count)s city", "%(count)s cities", n),
    "aiyl_aimak": lambda n: ngettext("%(count)s aiyl aimak", "%(count)s aiyl aimaks", n),
    "village": lambda n: ngettext("%(count)s village", "%(count)s villages", n),
}
