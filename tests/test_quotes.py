"""A quote must occur in its source's kept text: staff cannot cite words the article lacks."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from initiatives.models import Measurement, Organization, OrganizationCitation
from tests.factories import (
    CITATION_FACTORIES,
    IndicatorFactory,
    OrganizationFactory,
    SourceFactory,
)
from tests.test_admin import admin_url, form_data

ARTICLE = (
    "Директор государственного агентства подчеркнул, что в восьми айыл окмоту\n"
    "в пилотном режиме начата реализация проекта «Санарип аймак»."
)


@pytest.fixture
def source(db):
    return SourceFactory(title="Приём у президента", text=ARTICLE)


def quote_error(source):
    return gettext("This quote does not occur in the text of «%(source)s».") % {"source": source}


@pytest.mark.django_db
@pytest.mark.parametrize("model", CITATION_FACTORIES, ids=lambda model: model.__name__)
def test_every_citation_table_refuses_a_quote_missing_from_the_text(source, model):
    citation = CITATION_FACTORIES[model](source=source, quote="в восьми айыл окмоту")
    citation.full_clean()

    citation.quote = "в девяти айыл окмоту"

    with pytest.raises(ValidationError) as error:
        citation.full_clean()

    assert error.value.message_dict == {"quote": [quote_error(source)]}


@pytest.mark.django_db
def test_a_quote_across_a_line_break_is_found(source):
    citation = OrganizationCitation(
        record=OrganizationFactory(),
        source=source,
        quote="в восьми айыл окмоту в пилотном   режиме",
    )

    citation.full_clean()  # raises if the quote were not found


@pytest.mark.django_db
def test_a_source_without_kept_text_accepts_any_quote():
    citation = OrganizationCitation(
        record=OrganizationFactory(), source=SourceFactory(text=""), quote="не проверить"
    )

    citation.full_clean()


@pytest.mark.django_db
def test_a_measurement_quotes_its_number_from_the_text(source):
    indicator = IndicatorFactory()
    measurement = Measurement(
        indicator=indicator,
        value=Decimal(8),
        as_of="2020-02-25",
        source=source,
        quote="в восьми айыл окмоту",
    )
    measurement.full_clean()

    measurement.quote = "в 8 айыл окмоту"
    with pytest.raises(ValidationError) as error:
        measurement.full_clean()
    assert error.value.message_dict == {"quote": [quote_error(source)]}


@pytest.mark.django_db
def test_admin_shows_the_wrong_quote_on_its_inline_row(editor_client, source):
    organization = OrganizationFactory()
    url = admin_url(Organization, "change", organization.pk)
    data = form_data(editor_client.get(url))
    data.update(
        {
            "citations-TOTAL_FORMS": "1",
            "citations-0-source": str(source.pk),
            "citations-0-quote": "в девяти айыл окмоту",
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "citations"
    )
    with translation.override(response.context["LANGUAGE_CODE"]):
        assert formset.errors[0] == {"quote": [quote_error(source)]}
    assert not OrganizationCitation.objects.exists()
