"""What a page says about itself in <head>, for search engines and link previews: a short
description, its canonical address, its address in each language and, on a record's page, the
record as schema.org JSON-LD.

`{% load page_head %}` in templates/base.html; pages give their description in its
`description` block with `{% record_description object %}` or `{% list_description model %}`.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from initiatives import linked_data

register = template.Library()

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160


def shortened(text, length=DESCRIPTION_LENGTH):
    """The text on one line, cut at a word before `length` characters with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.—-") + "…"


@register.simple_tag
def record_description(record):
    """The record's own description, shortened; without one, what the record is and where."""
    description = getattr(record, "description", "")
    if description:
        return shortened(description)
    return shortened(
        _(
            "%(name)s: %(kind)s in the registry of local self-government reform in the Kyrgyz "
            "Republic; every fact with its published source."
        )
        % {"name": record, "kind": record._meta.verbose_name}
    )


@register.simple_tag
def list_description(model):
    """What a list of records is for."""
    return _(
        "All %(records)s in the registry of local self-government reform in the Kyrgyz "
        "Republic, to filter and sort; every fact with its published source."
    ) % {"records": model._meta.verbose_name_plural}


@register.inclusion_tag("initiatives/includes/page_links.html", takes_context=True)
def page_links(context):
    """The page's canonical address and its alternates, absolute.

    Canonical: this page in this language, without the filters and sort order in its query
    string (they give views of the same list), but with its page number past the first.
    Alternates: the same in each language, and as x-default the address without a language,
    which sends each reader to their browser's language (LocaleMiddleware).
    """
    request = context.get("request")
    if request is None or request.resolver_match is None:
        return {}
    query = page_query(request)
    prefix = request.path[: len(request.path) - len(request.path_info)]
    unprefixed = request.path_info.removeprefix(f"/{get_language()}")
    alternates = [
        (code, request.build_absolute_uri(translate_url(request.path, code) + query))
        for code, _name in settings.LANGUAGES
    ]
    alternates.append(("x-default", request.build_absolute_uri(prefix + unprefixed + query)))
    return {"canonical": canonical_url(request), "alternates": alternates}


def page_query(request):
    """The part of the query string that makes another page: its number, past the first."""
    page = request.GET.get("page", "")
    return f"?page={page}" if page.isdigit() and int(page) > 1 else ""


def canonical_url(request):
    """This page's canonical address, absolute (see `page_links`); the page's JSON-LD names
    itself by the same address (initiatives/linked_data.py)."""
    return request.build_absolute_uri(request.path + page_query(request))


@register.simple_tag(takes_context=True)
def record_linked_data(context, record):
    """The record as schema.org JSON-LD (initiatives/linked_data.py), named by this page's
    canonical address; nothing for a kind without it or outside a request."""
    request = context.get("request")
    if request is None or request.resolver_match is None:
        return ""
    data = linked_data.linked_data(request, record, canonical_url(request))
    return linked_data.script(data) if data else ""
