"""Progress is derived from the latest measurement against the target, never typed in."""

from decimal import Decimal

import pytest
from django.utils import translation

from initiatives.models import Indicator, Initiative
from initiatives.models.initiatives import ProgressNotAnnotated
from initiatives.partial_dates import PartialDate
from initiatives.progress import Progress, render_progress
from initiatives.visibility import PUBLIC, STAFF
from tests.factories import IndicatorFactory, MeasurementFactory, SourceFactory


def progress(value, target, baseline=None, ascending=True):
    def dec(x):
        return None if x is None else Decimal(x)

    return Progress(dec(value), None, dec(target), dec(baseline), ascending)


@pytest.mark.parametrize(
    ("args", "percent"),
    [
        ((8, 484), 2),  # «Санарип аймак»: 8 of 484 айыл окмоту
        ((484, 484), 100),
        ((500, 484), 100),  # overshoot shows as done, not 103 %
        ((30, 50, 10), 50),  # counted from the baseline
        ((40, 10, 100, False), 67),  # going down from 100 towards 10
        ((None, 484), None),
        ((8, None), None),
        ((5, 10, None, False), None),  # a descending target means nothing without a baseline
    ],
)
def test_percent(args, percent):
    assert progress(*args).percent == percent


@pytest.mark.django_db
def test_latest_measurement_counts_whatever_order_they_were_entered():
    indicator = IndicatorFactory(target_value=Decimal(484))
    MeasurementFactory(indicator=indicator, value=Decimal(100), as_of=PartialDate(2020, 12))
    MeasurementFactory(indicator=indicator, value=Decimal(8), as_of=PartialDate(2020, 2, 25))

    annotated = Indicator.objects.with_progress(PUBLIC).get(pk=indicator.pk)
    assert annotated.progress.value == Decimal(100)
    assert annotated.progress.as_of == PartialDate(2020, 12)


@pytest.mark.django_db
def test_progress_that_was_not_computed_is_an_error_not_a_query_on_the_side(
    django_assert_num_queries,
):
    """Which measurements count depends on the reader, so only the read model may say."""
    indicator = IndicatorFactory(target_value=Decimal(484))
    MeasurementFactory(indicator=indicator, value=Decimal(8))
    plain = Indicator.objects.get(pk=indicator.pk)
    with django_assert_num_queries(0), pytest.raises(ProgressNotAnnotated, match="with_progress"):
        plain.progress  # noqa: B018


@pytest.mark.django_db
def test_a_value_from_a_draft_source_counts_for_staff_only():
    """42 of 100 from an article still in draft: the public figure rests on 10 of 100."""
    indicator = IndicatorFactory(target_value=Decimal(100))
    MeasurementFactory(indicator=indicator, value=Decimal(10), as_of=PartialDate(2020, 1))
    MeasurementFactory(
        indicator=indicator,
        value=Decimal(42),
        as_of=PartialDate(2020, 6),
        source=SourceFactory(is_published=False),
    )
    public = Indicator.objects.with_progress(PUBLIC).get(pk=indicator.pk).progress
    staff = Indicator.objects.with_progress(STAFF).get(pk=indicator.pk).progress
    assert (public.value, public.percent, public.as_of) == (10, 10, PartialDate(2020, 1))
    assert (staff.value, staff.percent, staff.as_of) == (42, 42, PartialDate(2020, 6))


@pytest.mark.django_db
def test_initiative_list_progress_takes_two_queries(django_assert_num_queries):
    for _ in range(3):
        MeasurementFactory(indicator=IndicatorFactory())
    with django_assert_num_queries(2):
        shown = [
            indicator.progress.percent
            for initiative in Initiative.objects.with_progress(PUBLIC)
            for indicator in initiative.indicators.all()
        ]
    assert shown == [2, 2, 2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "figures", "as_of"),
    [
        ("ru", "8 из 484 айыл окмоту (2\xa0%)", "25 февраля 2020"),
        ("en", "8 of 484 айыл окмоту (2%)", "February 25, 2020"),
    ],
)
def test_rendered_bar_states_value_target_unit_and_percent(language, figures, as_of):
    indicator = IndicatorFactory(target_value=Decimal(484), unit_ru="айыл окмоту")
    MeasurementFactory(indicator=indicator, value=Decimal(8), as_of=PartialDate(2020, 2, 25))
    with translation.override(language):
        html = render_progress(Indicator.objects.with_progress(PUBLIC).get(pk=indicator.pk))
    assert '<progress max="100" value="2"' in html
    assert figures in html
    assert as_of in html
