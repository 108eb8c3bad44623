"""Template tags of the public pages: texts in their own language, citations, languages."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from initiatives import statements
from initiatives.citations import fact_heading
from initiatives.countries import country_name
from initiatives.counts import count_of, counted_up_to, list_count, territories_within
from initiatives.editions import edition_of
from initiatives.localized import format_datetime, format_number
from initiatives.progress import render_progress
from initiatives.rollup import render_rollup
from initiatives.statuses import render_status
from initiatives.visibility import reader_for

register = template.Library()

# Figures and record times as the page's language writes them (initiatives/localized.py).
register.filter("number", format_number)
register.filter("datetime", format_datetime)
register.simple_tag(render_progress, name="progress")
register.simple_tag(render_rollup, name="rollup")
register.simple_tag(render_status, name="status")
register.simple_tag(count_of)
register.simple_tag(list_count)
register.simple_tag(territories_within)
register.filter("country_name", country_name)
register.filter("edition", edition_of)
register.filter("fact_heading", fact_heading)


def shown_language(record, field):
    """The language of the text that `record.<field>` shows (fallback_to_any's choice)."""
    current = get_language()
    languages = [current] + [code for code, _name in settings.LANGUAGES if code != current]
    return next((code for code in languages if getattr(record, f"{field}_{code}", "")), current)


def heading_field(record):
    """The text that names a record: its name, or what its model names instead (a statement's
    summary)."""
    return getattr(record, "heading_field", "name")


@register.simple_tag
def language_of(record, field=None):
    """For a `lang` attribute on a block of translated text, e.g. a description."""
    return shown_language(record, field or heading_field(record))


@register.simple_tag
def text(record, field=None):
    """A translated text, by default the record's name, marked with its language when it falls
    back to another one.

    Screen readers and hyphenation need to know that a Russian name on the Kyrgyz page is Russian.
    """
    field = field or heading_field(record)
    value = getattr(record, field)
    language = shown_language(record, field)
    if language == get_language():
        return value
    return format_html('<span lang="{}">{}</span>', language, value)


def column_mark(css_class, title, label):
    """A small mark after a text or a fact, in the page's language, its meaning in its title."""
    return format_html(
        ' <small class="{}" lang="{}" title="{}">{}</small>',
        css_class,
        get_language(),
        title,
        label,
    )


@register.simple_tag
def translation_mark(record, field="name"):
    """After a translated text: a mark when the text shown is the registry's own translation.

    The mark is about the column shown, whatever its language: a Russian name shown on the
    Kyrgyz page because the Kyrgyz is empty is no translation (the `text` tag marks its
    language), unless the registry translated that Russian name too.
    """
    column = f"{field}_{shown_language(record, field)}"
    if column not in getattr(record, "registry_translations", ()):
        return ""
    return column_mark(
        "translation-mark",
        _("No source gives this text in this language: the registry translated it."),
        _("registry's translation"),
    )


def registry_statement():
    """The mark of what no source in the registry states: one wording for every door."""
    return column_mark("statement-mark", statements.EXPLANATION, statements.LABEL)


@register.simple_tag
def statement_mark(record, field="name", translated=False):
    """After a field: a mark when no source states it (the record's registry_statements).

    A translated field is listed by column, and the mark is about the column shown, as with
    `translation_mark`.
    """
    column = f"{field}_{shown_language(record, field)}" if translated else field
    if column not in getattr(record, "registry_statements", ()):
        return ""
    return registry_statement()


@register.inclusion_tag("initiatives/includes/cite.html", takes_context=True)
def cite(context, fact):
    """The quote a fact rests on, with a link to its source; a fact with none is marked as the
    registry's own statement.

    The page's read model gives only facts its reader may see (initiatives/visibility.py), so
    a source shown here is one the reader may see; staff see a draft source marked.
    """
    source = fact.source if fact.source_id else None
    return {
        "source": source,
        "quote": fact.quote,
        "draft": is_marked_draft(context, source),
        # A fact with no source is allowed only as the registry's own statement, and says so.
        "statement": "" if source else registry_statement(),
    }


def is_marked_draft(context, record):
    return record is not None and reader_for(context.get("request")).marks_draft(record)


@register.simple_tag(takes_context=True)
def draft_mark(context, record):
    """For staff: a "draft" mark after a link to a record the public does not see yet."""
    if not is_marked_draft(context, record):
        return ""
    return format_html(' <span class="draft-mark">{}</span>', _("draft"))


@register.inclusion_tag("initiatives/includes/languages.html", takes_context=True)
def language_links(context):
    """Links to this page in every interface language."""
    request = context["request"]
    current = get_language()
    return {
        "languages": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }


@register.simple_tag(takes_context=True)
def edit_link(context, record):
    """For staff who may see it in the admin: a link to the record's admin form."""
    user = context["request"].user
    meta = record._meta
    if not (user.is_staff and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")):
        return ""
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    return format_html('<p class="edit-link"><a href="{}">{}</a></p>', url, _("Edit in the admin"))


@register.simple_tag
def download_link(record):
    """The record with everything it references, as a fixture that loads into another registry."""
    url = reverse("data:record-fixture", args=[record._meta.model_name, record.slug])
    label = _("Download this record and what it refers to (JSON fixture)")
    return format_html('<p class="download"><a href="{}" download>{}</a></p>', url, label)


@register.inclusion_tag("initiatives/includes/more.html")
def more(record, lookup, url_name="", **query):
    """Under a section of a record's page: how many of how many rows it shows, and a link to
    the full list where there is one (`url_name` with the `query` that filters it).

    The read model read the first rows as `<lookup>_shown` and counted `<lookup>_count`, up to
    one past what a page counts (RecordQuerySet.for_page).
    """
    total = getattr(record, f"{lookup}_count")
    shown = len(getattr(record, f"{lookup}_shown"))
    url = f"{reverse(url_name)}?{urlencode(query)}" if url_name and total > shown else ""
    number, open_ended = counted_up_to(total)
    return {
        "total": number,
        "open_ended": open_ended,
        "shown": shown,
        "more": total > shown,
        "url": url,
    }


@register.filter
def model_name(model):
    return model._meta.model_name
