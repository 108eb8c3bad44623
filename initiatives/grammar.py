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

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext, pgettext_lazy
from translated_fields.fields import show_language_code


@dataclass(frozen=True)
class Noun:
    accusative: Promise
    add: Promise
    count: Promise  # ngettext_lazy keyed by "count"

    def counted(self, number):
        return self.count % {"count": number}


STATUS_REPORT = Noun(
    pgettext_lazy("accusative", "status report"),
    _("Add status report"),
    ngettext_lazy("%(count)s status report", "%(count)s status reports", "count"),
)

# Every registry model, by label. tests/test_admin_wording.py fails for a registered model
# missing here.
NOUNS = {
    "initiatives.Source": Noun(
        pgettext_lazy("accusative", "source"),
        _("Add source"),
        ngettext_lazy("%(count)s source", "%(count)s sources", "count"),
    ),
    "initiatives.Document": Noun(
        pgettext_lazy("accusative", "document"),
        _("Add document"),
        ngettext_lazy("%(count)s document", "%(count)s documents", "count"),
    ),
    "initiatives.DocumentCitation": Noun(
        pgettext_lazy("accusative", "citation of a document"),
        _("Add citation of a document"),
        ngettext_lazy(
            "%(count)s citation of a document", "%(count)s citations of documents", "count"
        ),
    ),
    "initiatives.InitiativeStatusReport": STATUS_REPORT,
    "initiatives.DonorProjectStatusReport": STATUS_REPORT,
    "initiatives.EventStatusReport": STATUS_REPORT,
    "initiatives.EventSeries": Noun(
        pgettext_lazy("accusative", "event series"),
        _("Add event series"),
        ngettext_lazy("%(count)s event series", "%(count)s event series", "count"),
    ),
    "initiatives.Event": Noun(
        pgettext_lazy("accusative", "event"),
        _("Add event"),
        ngettext_lazy("%(count)s event", "%(count)s events", "count"),
    ),
    "initiatives.EventParticipation": Noun(
        pgettext_lazy("accusative", "organization at an event"),
        _("Add organization at an event"),
        ngettext_lazy(
            "%(count)s organization at an event", "%(count)s organizations at events", "count"
        ),
    ),
    "initiatives.EventPerson": Noun(
        pgettext_lazy("accusative", "person at the event"),
        _("Add person at the event"),
        ngettext_lazy("%(count)s person at events", "%(count)s people at events", "count"),
    ),
    "initiatives.EventSeriesCitation": Noun(
        pgettext_lazy("accusative", "citation of an event series"),
        _("Add citation of an event series"),
        ngettext_lazy(
            "%(count)s citation of an event series",
            "%(count)s citations of event series",
            "count",
        ),
    ),
    "initiatives.EventCitation": Noun(
        pgettext_lazy("accusative", "citation of an event"),
        _("Add citation of an event"),
        ngettext_lazy("%(count)s citation of an event", "%(count)s citations of events", "count"),
    ),
    "initiatives.Initiative": Noun(
        pgettext_lazy("accusative", "initiative"),
        _("Add initiative"),
        ngettext_lazy("%(count)s initiative", "%(count)s initiatives", "count"),
    ),
    "initiatives.InitiativeParticipation": Noun(
        pgettext_lazy("accusative", "organization in an initiative"),
        _("Add organization in an initiative"),
        ngettext_lazy(
            "%(count)s organization in an initiative",
            "%(count)s organizations in initiatives",
            "count",
        ),
    ),
    "initiatives.Indicator": Noun(
        pgettext_lazy("accusative", "indicator"),
        _("Add indicator"),
        ngettext_lazy("%(count)s indicator", "%(count)s indicators", "count"),
    ),
    "initiatives.Measurement": Noun(
        pgettext_lazy("accusative", "measurement"),
        _("Add measurement"),
        ngettext_lazy("%(count)s measurement", "%(count)s measurements", "count"),
    ),
    "initiatives.InitiativeCitation": Noun(
        pgettext_lazy("accusative", "citation of an initiative"),
        _("Add citation of an initiative"),
        ngettext_lazy(
            "%(count)s citation of an initiative", "%(count)s citations of initiatives", "count"
        ),
    ),
    "initiatives.IndicatorCitation": Noun(
        pgettext_lazy("accusative", "citation of an indicator"),
        _("Add citation of an indicator"),
        ngettext_lazy(
            "%(count)s citation of an indicator", "%(count)s citations of indicators", "count"
        ),
    ),
    "initiatives.Organization": Noun(
        pgettext_lazy("accusative", "organization"),
        _("Add organization"),
        ngettext_lazy("%(count)s organization", "%(count)s organizations", "count"),
    ),
    "initiatives.OrganizationName": Noun(
        pgettext_lazy("accusative", "other name"),
        _("Add other name"),
        ngettext_lazy("%(count)s other name", "%(count)s other names", "count"),
    ),
    "initiatives.OrganizationSuccession": Noun(
        pgettext_lazy("accusative", "succession"),
        _("Add succession"),
        ngettext_lazy("%(count)s succession", "%(count)s successions", "count"),
    ),
    "initiatives.OrganizationCitation": Noun(
        pgettext_lazy("accusative", "citation of an organization"),
        _("Add citation of an organization"),
        ngettext_lazy(
            "%(count)s citation of an organization",
            "%(count)s citations of organizations",
            "count",
        ),
    ),
    "initiatives.Person": Noun(
        pgettext_lazy("accusative", "person"),
        _("Add person"),
        ngettext_lazy("%(count)s person", "%(count)s people", "count"),
    ),
    "initiatives.Position": Noun(
        pgettext_lazy("accusative", "position"),
        _("Add position"),
        ngettext_lazy("%(count)s position", "%(count)s positions", "count"),
    ),
    "initiatives.ContactDetail": Noun(
        pgettext_lazy("accusative", "contact detail (private)"),
        _("Add contact detail (private)"),
        ngettext_lazy(
            "%(count)s contact detail (private)", "%(count)s contact details (private)", "count"
        ),
    ),
    "initiatives.PersonCitation": Noun(
        pgettext_lazy("accusative", "citation of a person"),
        _("Add citation of a person"),
        ngettext_lazy("%(count)s citation of a person", "%(count)s citations of people", "count"),
    ),
    "initiatives.Territory": Noun(
        pgettext_lazy("accusative", "territory"),
        _("Add territory"),
        ngettext_lazy("%(count)s territory", "%(count)s territories", "count"),
    ),
    "initiatives.Topic": Noun(
        pgettext_lazy("accusative", "topic"),
        _("Add topic"),
        ngettext_lazy("%(count)s topic", "%(count)s topics", "count"),
    ),
    "initiatives.TerritoryCitation": Noun(
        pgettext_lazy("accusative", "citation of a territory"),
        _("Add citation of a territory"),
        ngettext_lazy(
            "%(count)s citation of a territory", "%(count)s citations of territories", "count"
        ),
    ),
    "initiatives.TopicCitation": Noun(
        pgettext_lazy("accusative", "citation of a topic"),
        _("Add citation of a topic"),
        ngettext_lazy("%(count)s citation of a topic", "%(count)s citations of topics", "count"),
    ),
    "initiatives.DonorProject": Noun(
        pgettext_lazy("accusative", "donor project"),
        _("Add donor project"),
        ngettext_lazy("%(count)s donor project", "%(count)s donor projects", "count"),
    ),
    "initiatives.DonorProjectParticipation": Noun(
        pgettext_lazy("accusative", "organization in a donor project"),
        _("Add organization in a donor project"),
        ngettext_lazy(
            "%(count)s organization in a donor project",
            "%(count)s organizations in donor projects",
            "count",
        ),
    ),
    "initiatives.DonorProjectCitation": Noun(
        pgettext_lazy("accusative", "citation of a donor project"),
        _("Add citation of a donor project"),
        ngettext_lazy(
            "%(count)s citation of a donor project",
            "%(count)s citations of donor projects",
            "count",
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
