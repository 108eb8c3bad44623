"""No English interface word on the Russian and Kyrgyz pages.

With the seed registry loaded, every public page reachable from the home page's links (each
list, its next pages, each record of the seed) is read under /ru/ and /ky/ as a reader sees it:
the text, the title, and the labels a screen reader speaks. What is not the interface is left
out, and only that:

- quotes (<blockquote>, <q>): a source's own words, in its own language; a quote's <footer>
  (the source's kind and date) is interface and is read;
- text marked with a `lang` other than the page's: a name that falls back to another language,
  the language switcher's «English»; an element marked with the page's language is read again;
- addresses (http..., e-mail) and the acronyms and codes below.

A word of three or more Latin letters left over is English the page's interface shows. Record
content still in English is listed in KNOWN_ENGLISH_CONTENT, precisely (which record, which
element), until it is translated; the test fails when a listed gap is gone, so the list shrinks.
"""

import re
from html.parser import HTMLParser

import pytest

from tests.test_seed_data import load_fixtures

# Proper acronyms and codes a Russian or Kyrgyz text writes in Latin letters.
ALLOWED = {
    "API",
    "Atom",
    "CHF",
    "COVID",
    "CSV",
    "DPI",
    "HELVETAS",
    "IATI",
    "ISO",
    "JSON",
    "KGS",
    "RSS",
    "SDC",
    "URL",
    "USAID",
    "USD",
    "XML",
    "ZIP",
}
# Proper names that Russian and Kyrgyz texts keep in their own Latin spelling: the
# organisation's registered name, not an English phrase to translate.
PROPER_NAMES = {"Swiss", "Intercooperation"}

# Record content that is only in English for now: (page, element class) -> why it is allowed.
# Empty: every note and name shown on /ru/ and /ky/ has a text in that language. A gap listed
# here must name its page and element, so the list can only shrink.
KNOWN_ENGLISH_CONTENT = {}

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SPOKEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z]{3,}(?![A-Za-z0-9_])")
ADDRESS = re.compile(r"(https?://|www\.)\S+|\S+@\S+|/[\w./-]+")
# A crawl of the seed reaches about 130 pages a language; the bound keeps a larger seed fast.
MAX_PAGES = 400


# Hidden as a quote, hidden as another language's text, exempted as known English content.
OUTSIDE = {"quote": False, "other": False, "exempt": False}


class ReaderText(HTMLParser):
    """The text of a page in its own language, less quotes and text marked as another language.

    `exempt` names classes whose elements hold known English record content on this page;
    `exempted` collects their text, so the test can tell when an exemption is no longer needed.
    """

    def __init__(self, language, exempt=()):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.exempt = set(exempt)
        self.stack = []  # (tag, state) of each open element
        self.parts = []
        self.exempted = []

    def state(self):
        return (
            self.stack[-1][1] if self.stack else {"quote": False, "other": False, "exempt": False}
        )

    def hidden(self):
        state = self.state()
        return state["quote"] or state["other"]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        state = dict(self.state())
        if tag in ("script", "style", "blockquote", "q"):
            state["quote"] = True
        elif tag == "footer" and self.stack and self.stack[-1][0] == "blockquote":
            state["quote"] = False  # the quote's source, kind and date are the interface's
        if attrs.get("lang"):
            state["other"] = attrs["lang"] != self.language
        if set((attrs.get("class") or "").split()) & self.exempt:
            state["exempt"] = True
        if not (state["quote"] or state["other"]):
            spoken = [attrs.get(name) for name in SPOKEN_ATTRIBUTES]
            if tag == "meta" and attrs.get("name") == "description":
                spoken.append(attrs.get("content"))
            self.parts.extend(value for value in spoken if value)
        if tag not in VOID:
            self.stack.append((tag, state))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.hidden():
            return
        (self.exempted if self.state()["exempt"] else self.parts).append(data)


def english_words(text):
    return sorted(set(LATIN_WORD.findall(ADDRESS.sub(" ", text))) - ALLOWED - PROPER_NAMES)


def links(html, language):
    for href in re.findall(r'href="([^"#]*)"', html):
        href = href.replace("&amp;", "&")
        if href.startswith(f"/{language}/") and not href.endswith(".atom"):
            # A list's next pages, but not every filter or sort order of it.
            path, _, query = href.partition("?")
            yield href if re.fullmatch(r"page=\d+", query) else path


def crawl(client, language):
    """{path: html} of every page reachable from the home page, bounded."""
    pages, queue = {}, [f"/{language}/"]
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in pages:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
        queue.extend(link for link in links(pages[path], language) if link not in pages)
    return pages


@pytest.fixture(scope="module")
def seeded_pages(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_fixtures()
            client = Client()
            pages = {language: crawl(client, language) for language in ("ru", "ky")}
            pages["en"] = {"/en/": client.get("/en/").content.decode()}
            transaction.set_rollback(True)
    return pages


def exemptions(path, language):
    return {
        css_class
        for (template, css_class) in KNOWN_ENGLISH_CONTENT
        if template.format(lang=language) == path
    }


@pytest.mark.parametrize("language", ["ru", "ky"])
def test_no_english_interface_word_on_any_page(seeded_pages, language):
    pages = seeded_pages[language]
    # Every kind of page of the seed is reached: lists, their records, a source's facts.
    assert len(pages) > 100
    for kind in ("initiatives", "events", "organizations", "projects", "people", "documents"):
        assert any(re.fullmatch(rf"/{language}/{kind}/[\w-]+/", path) for path in pages), kind
    found, stale = {}, []
    for path, html in pages.items():
        reader = ReaderText(language, exemptions(path, language))
        reader.feed(html)
        words = english_words(" ".join(reader.parts))
        if words:
            found[path] = words
        if exemptions(path, language) and not english_words(" ".join(reader.exempted)):
            stale.append(path)
    report = "\n".join(f"{path}: {', '.join(words)}" for path, words in sorted(found.items()))
    assert not found, f"English on the page (translate it, or list record content):\n{report}"
    assert not stale, f"No English left here: remove from KNOWN_ENGLISH_CONTENT: {stale}"


def test_every_known_gap_is_a_page_of_the_seed(seeded_pages):
    for template, _css_class in KNOWN_ENGLISH_CONTENT:
        assert template.format(lang="ru") in seeded_pages["ru"], template


def test_the_reader_finds_english_where_there_is_some(seeded_pages):
    """The same reading of the English pages finds their words: the test is not hollow."""
    home = seeded_pages["en"]["/en/"]
    reader = ReaderText("en")
    reader.feed(home)
    words = english_words(" ".join(reader.parts))
    assert {"Initiatives", "Events", "Organizations", "Sources"} <= set(words)
    # A quote is left out; its footer (the source's kind) is read.
    reader = ReaderText("ru")
    reader.feed(
        '<blockquote lang="ru"><p>«Quoted words»</p><footer>— <a>Title</a>, '
        '<span lang="ru">press release</span></footer></blockquote><p lang="en">Name</p>'
    )
    assert english_words(" ".join(reader.parts)) == ["Title", "press", "release"]
