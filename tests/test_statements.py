"""Statements and commitments (issue 16): what people and organizations said, as sources
report it, at every door: the rules of the record, the pages, the API, the admin.

Not the registry's own statements (tests/test_unsourced.py): these are facts with a source.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from initiatives.models import CommitmentReport, Statement
from initiatives.partial_dates import PartialDate
from initiatives.prefetches import SHOWN
from tests import factories as f
from tests.test_admin import admin_url, form_data
from tests.test_seed_data import load_fixtures

SALIEV_PLAN = "saliev-sanarip-aimak-484-aiyl-okmotu-2020-02-25"
SALIEV_QUOTE = (
    "«До конца текущего года «Санарип аймак» планируется полноценно внедрить в 484 айыл окмоту "
    "страны.»"
)
PRESS_RELEASE = "president-receives-saliev-2020-02-25"


@pytest.fixture
def seeded(db):
    load_fixtures()


def section(page, heading):
    """The part of a page under the heading `heading`, up to the end of its section."""
    parts = page.split(f">{heading}</h2>", 1)
    assert len(parts) == 2, f"no section «{heading}»"
    return parts[1].split("</section>", 1)[0]


# --- The record's rules --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "speakers", [{"person": None}, {"organization": "both"}], ids=["nobody", "both"]
)
def test_a_statement_has_one_speaker_a_person_or_an_organization(speakers):
    statement = f.StatementFactory()
    if speakers.get("organization") == "both":
        statement.organization = f.OrganizationFactory()
    else:
        statement.person = None
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert error.value.message_dict["person"] == [
        "Укажите одного говорящего: человека или организацию."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.save()


@pytest.mark.django_db
def test_only_a_commitment_has_a_due_date():
    statement = f.StatementFactory(is_commitment=False)
    statement.due = PartialDate(2020)
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert error.value.message_dict["due"] == ["Срок бывает только у обязательства."]
    statement.is_commitment = True
    statement.full_clean()


@pytest.mark.django_db
def test_a_statement_that_is_no_commitment_cannot_be_reported_fulfilled():
    report = f.CommitmentReportFactory.build(
        statement=f.StatementFactory(is_commitment=False), source=f.SourceFactory()
    )
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert error.value.message_dict["statement"] == [
        "Выполнить можно только обязательство, а это заявление им не является."
    ]


@pytest.mark.django_db
def test_a_statement_waits_for_its_source_and_its_speaker(client, admin_client):
    by_draft_person = f.StatementFactory(person__is_published=False)
    from_draft_source = f.StatementFactory(source__is_published=False)
    for statement in (by_draft_person, from_draft_source):
        assert client.get(statement.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/statements/{statement.slug}/").status_code == 404
        assert admin_client.get(statement.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/statements/").json()["count"] == 0


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "kind", "date", "speaker", "due", "summary"),
    [
        (
            "ru",
            "Сообщение · обязательство",
            "<dt>Дата</dt><dd>25 февраля 2020\u202fг.</dd>",
            '<dt>Кто сказал</dt><dd><a href="/ru/people/bakhtiyar-saliev/">Бахтияр Салиев</a>',
            "<dt>Срок</dt><dd>2020</dd>",
            "До конца года «Санарип аймак» планируется полноценно внедрить в 484 айыл окмоту "
            "страны.",
        ),
        (
            "ky",
            "Маалымат · милдеттенме",
            "<dt>Күнү</dt><dd>2020-ж., 25-февраль</dd>",
            '<dt>Ким айткан</dt><dd><a href="/ky/people/bakhtiyar-saliev/">Бахтияр Салиев</a>',
            "<dt>Мөөнөтү</dt><dd>2020</dd>",
            "Жылдын аягына чейин «Санарип аймакты» өлкөнүн 484 айыл өкмөтүнө толук киргизүү "
            "пландалууда.",
        ),
        (
            "en",
            "Report · commitment",
            "<dt>Date</dt><dd>February 25, 2020</dd>",
            '<dt>Speaker</dt><dd><a href="/en/people/bakhtiyar-saliev/">Bakhtiyar Saliev</a>',
            "<dt>Due</dt><dd>2020</dd>",
            "«Sanarip Aimak» is planned to be fully introduced in the country&#x27;s 484 aiyl "
            "okmotu by the end of the year.",
        ),
    ],
)
def test_the_statements_page_shows_its_date_speaker_quote_and_due_date(
    seeded, client, language, kind, date, speaker, due, summary
):
    page = client.get(f"/{language}/statements/{SALIEV_PLAN}/").content.decode()
    assert f'<p class="record-kind">{kind}</p>' in page
    assert f'<h1><span lang="{language}">{summary}</span>' in page
    for fact in (date, speaker, due):
        assert fact in page
    assert f"<p>{SALIEV_QUOTE}</p>" in page
    assert f'<a href="/{language}/sources/{PRESS_RELEASE}/">' in page
    assert f'<a href="/{language}/initiatives/sanarip-aimak/">' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "meta"),
    [
        ("ru", "Заявления", '25 февраля 2020\u202fг. · <a href="/ru/people/bakhtiyar-saliev/">'),
        ("ky", "Билдирүүлөр", '2020-ж., 25-февраль · <a href="/ky/people/bakhtiyar-saliev/">'),
        ("en", "Statements", 'February 25, 2020 · <a href="/en/people/bakhtiyar-saliev/">'),
    ],
)
def test_the_initiatives_page_shows_what_was_said_of_it(seeded, client, language, heading, meta):
    page = client.get(f"/{language}/initiatives/sanarip-aimak/").content.decode()
    statements = section(page, heading)
    assert statements.count("<li>") == 2  # the pilot begun, and the plan for 484
    assert meta in statements
    assert SALIEV_QUOTE in statements
    assert f'href="/{language}/statements/{SALIEV_PLAN}/"' in statements


@pytest.mark.django_db
def test_the_list_filters_by_speaker_initiative_and_year(seeded, client):
    def found(query):
        page = client.get("/ru/statements/", query).content.decode()
        return page.split('class="results-count">', 1)[1].split("<", 1)[0]

    assert found({}) == "15 заявлений"
    assert found({"person": "sooronbai-jeenbekov"}) == "4 заявления"
    assert found({"organization": "Союз местных самоуправлений"}) == "4 заявления"
    assert found({"initiative": "sanarip-aimak", "year": "2020"}) == "2 заявления"
    # The Union article's date is 23 November 2019 or 2020: found under both years.
    assert found({"year": "2019"}) == "4 заявления"
    assert found({"commitment": "true"}) == "2 заявления"
    assert found({"q": "Тонском"}) == "1 заявление"


@pytest.mark.django_db
def test_the_list_shows_the_newest_first_and_the_undated_last(client):
    person = f.PersonFactory(slug="speaker")
    for slug, said_on in [
        ("undated", None),
        ("old", PartialDate(2019)),
        ("one-of-two-dates", "[2019-11-23,2020-11-23]"),
        ("new", PartialDate(2021, 3)),
    ]:
        f.StatementFactory(slug=slug, said_on=said_on, person=person)

    for path in ("/ru/statements/", "/ru/people/speaker/"):
        page = client.get(path).content.decode()
        positions = [
            page.index(f"/ru/statements/{slug}/")
            for slug in ("new", "one-of-two-dates", "old", "undated")
        ]
        assert positions == sorted(positions), path


@pytest.mark.django_db
def test_a_speaker_s_statements_are_read_in_order_without_distinct(client):
    """A speaker is one row of a statement, so their list cannot repeat one and needs no
    DISTINCT, which would sort all of a speaker's statements before a page is cut instead of
    reading the newest down the (speaker, date) index. A concerned initiative can repeat one
    (several concern it through a join), and is read DISTINCT, each statement once."""
    person = f.PersonFactory(slug="speaker")
    initiative = f.InitiativeFactory(slug="pilot")
    for year in (2019, 2021, 2020):
        statement = f.StatementFactory(
            slug=f"said-{year}", said_on=PartialDate(year), person=person
        )
        statement.initiatives.add(initiative, f.InitiativeFactory())

    def listed(query):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/ru/statements/", query)
        [rows] = [
            q["sql"]
            for q in queries
            if 'FROM "initiatives_statement"' in q["sql"]
            and "COUNT(" not in q["sql"]
            and "LIMIT" in q["sql"]
        ]
        return [statement.slug for statement in page.context["object_list"]], rows

    slugs, sql = listed({"person": "speaker"})
    assert slugs == ["said-2021", "said-2020", "said-2019"]
    assert not sql.startswith("SELECT DISTINCT")
    slugs, sql = listed({"initiative": "pilot"})
    assert slugs == ["said-2021", "said-2020", "said-2019"]
    assert sql.startswith("SELECT DISTINCT")


@pytest.mark.django_db
def test_the_source_page_lists_the_statements_it_reports(seeded, client):
    page = client.get(f"/ru/sources/{PRESS_RELEASE}/").content.decode()
    listed = page.split(">Заявления, о которых сообщает этот источник</h3>", 1)[1]
    listed = listed.split("</ul>", 1)[0]
    assert listed.count("<li>") == 7
    assert f'<a href="/ru/statements/{SALIEV_PLAN}/">' in listed
    assert "— Бахтияр Салиев, сообщение, 25 февраля 2020\u202fг.</span>" in listed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("owner", "make"),
    [
        ("person", lambda person: f.StatementFactory(person=person)),
        (
            "organization",
            lambda organization: f.StatementFactory(person=None, organization=organization),
        ),
        ("initiative", lambda initiative: f.StatementFactory().initiatives.add(initiative)),
        ("event", lambda event: f.StatementFactory().events.add(event)),
        ("document", lambda document: f.StatementFactory().documents.add(document)),
    ],
)
def test_the_statements_section_of_a_page_is_bounded(client, owner, make):
    record = {
        "person": f.PersonFactory,
        "organization": f.OrganizationFactory,
        "initiative": f.InitiativeFactory,
        "event": f.EventFactory,
        "document": f.DocumentFactory,
    }[owner]()
    for _ in range(SHOWN + 1):
        make(record)
    page = client.get(record.get_absolute_url()).content.decode()
    statements = page.split(">Заявления</h2>", 1)[1]
    assert statements.split("</section>", 1)[0].count("<li>") == SHOWN
    assert (
        f'<p class="more">Показано: {SHOWN} из {SHOWN + 1}. '
        f'<a href="/ru/statements/?{owner}={record.slug}">Показать все</a></p>'
    ) in statements


@pytest.mark.django_db
def test_a_commitment_shows_what_later_sources_report_of_it(client):
    commitment = f.StatementFactory(due="2020")
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert (
        "<p>Ни один источник в реестре пока не сообщает, выполнено ли это обязательство.</p>"
        in section(page, "Выполнение")
    )
    f.CommitmentReportFactory(
        statement=commitment, outcome=CommitmentReport.Outcome.PARTLY, as_of="2021-03"
    )
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "<li>Выполнено частично, по состоянию на март 2021\u202fг." in section(
        page, "Выполнение"
    )


# --- API -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_gives_the_statement_with_its_speaker_quote_and_links(seeded, client):
    data = client.get(f"/api/v1/statements/{SALIEV_PLAN}/").json()
    assert {key: data[key] for key in ("said_on", "person", "organization", "kind")} == {
        "said_on": "2020-02-25",
        "person": "bakhtiyar-saliev",
        "organization": None,
        "kind": "reported",
    }
    assert data["quote"] == SALIEV_QUOTE.strip("«»")
    assert data["source"] == PRESS_RELEASE
    assert (data["is_commitment"], data["due"], data["fulfilment_reports"]) == (True, "2020", [])
    assert data["initiatives"] == ["sanarip-aimak"]
    assert data["events"] == [PRESS_RELEASE]
    assert data["registry_translations"] == ["summary_en", "summary_ky"]
    listed = client.get("/api/v1/statements/", {"person": "bakhtiyar-saliev", "year": 2020})
    assert [row["slug"] for row in listed.json()["results"]] == [
        "saliev-municipal-property-e-trading-2020-02-25",
        SALIEV_PLAN,
        "saliev-sanarip-aimak-pilot-2020-02-25",
    ]


# --- Admin ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_add_a_statement_with_typed_links_and_it_is_in_the_history(editor_client):
    person = f.PersonFactory()
    source = f.SourceFactory(text="Сказано: будет сделано к 2021 году.")
    initiative = f.InitiativeFactory()
    response = editor_client.get(admin_url(Statement, "add"))
    assert response.status_code == 200
    html = response.content.decode()
    # Typed, not picked from a list of every record: no <option> of an initiative.
    assert "data-autocomplete-light" in html or "admin-autocomplete" in html
    assert initiative.name_ru not in html
    data = form_data(response)
    data.update(
        slug="promise",
        said_on="2020-05",
        person=str(person.pk),
        kind="said",
        summary_ru="Будет сделано к 2021 году.",
        source=str(source.pk),
        quote="будет сделано к 2021 году",
        is_commitment="on",
        due="2021",
        initiatives=[str(initiative.pk)],
    )
    saved = editor_client.post(admin_url(Statement, "add"), data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    statement = Statement.objects.get(slug="promise")
    assert list(statement.initiatives.all()) == [initiative]
    history = editor_client.get(admin_url(Statement, "history", statement.pk)).content.decode()
    assert "Будет сделано к 2021 году." in history
    # The links are kept with the version: a restore brings them back.
    assert [link.initiative for link in statement.history.first().initiatives.all()] == [initiative]


@pytest.mark.django_db
def test_the_admin_refuses_a_quote_its_source_does_not_contain(editor_client):
    source = f.SourceFactory(text="Сказано одно.")
    data = form_data(editor_client.get(admin_url(Statement, "add")))
    data.update(
        slug="misquoted",
        person=str(f.PersonFactory().pk),
        kind="said",
        summary_ru="Другое",
        source=str(source.pk),
        quote="Сказано другое.",
    )
    refused = editor_client.post(admin_url(Statement, "add"), data)
    assert refused.status_code == 200
    assert "Этой цитаты нет в тексте" in refused.content.decode()
    assert not Statement.objects.filter(slug="misquoted").exists()
