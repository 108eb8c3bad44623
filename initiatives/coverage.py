"""What memberships say in numbers: how many territories of a kind were members as of a date,
the count over time for a chart, the members grouped by oblast, and where a typed value of a
coverage indicator disagrees with the count.

One rule for "a member as of a date" (`member_at`), used by every count here: it joined on or
before the date and had not left by it. Dates compare as the registry orders partial dates,
by their earliest reading's ISO text ("2020" before "2020-02" before "2020-02-15"), so a place
that joined "in 2020" is a member as of any date in 2020, and one that joined on 15 February
2020 is not yet a member as of "2020-02".

Every function takes the reader (initiatives/visibility.py): a membership the public may not
see (a draft initiative, territory or source) never counts for the public.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import get_language, gettext

from initiatives import charts, clock
from initiatives.caching import per_version, per_version_each
from initiatives.models import Measurement, Territory, TerritoryMembership
from initiatives.models.base import name_in_language
from initiatives.paging import KeptOrder
from initiatives.partial_dates import Earliest, PartialDate
from initiatives.prefetches import joined

# The most points the membership chart draws, however many memberships there are.
CHART_POINTS = 60
# The members a page lists under each oblast, and the conflicts the admin form lists.
SHOWN_PER_OBLAST = 10
SHOWN_CONFLICTS = 10
# What a member territory is grouped under: the oblast it lies in, or the city of republican
# significance it is (Bishkek and Osh are in no oblast).
GROUP_KINDS = (Territory.Kind.OBLAST, Territory.Kind.CITY_OF_REPUBLICAN_SIGNIFICANCE)
# How far up the tree an oblast is looked for: айыл аймак → district → oblast, a village one
# more, and one to spare.
TREE_DEPTH = 5


def date_text(date):
    """A date value (PartialDate, UncertainDate, date or ISO text) as the text it compares by."""
    if isinstance(date, str):
        date = PartialDate.from_value(date)
    elif isinstance(date, datetime.date):
        date = PartialDate(date.year, date.month, date.day)
    return date.sort_key()[0]


def member_at(date):
    """Q: the membership covers `date` (a date value, or an expression of partial-date text):
    joined on or before it, and not left by it."""
    when = Value(date_text(date)) if not hasattr(date, "resolve_expression") else date
    return Q(LessThanOrEqual(Earliest(F("joined")), when)) & (
        Q(left__isnull=True) | Q(GreaterThan(Earliest(F("left")), when))
    )


def memberships(reader, initiative=None, kind=None):
    """The memberships `reader` may see, of one initiative and territories of one kind."""
    rows = reader.visible(TerritoryMembership)
    if initiative is not None:
        rows = rows.filter(initiative=initiative)
    if kind:
        rows = rows.filter(territory__kind=kind)
    return rows.order_by()


def members_as_of(reader, initiative, date, kind=None):
    """How many territories (of `kind`) were members of the initiative as of `date`."""
    return memberships(reader, initiative, kind).filter(member_at(date)).count()


def members_count(reader, initiative, date, kind=None):
    """`members_as_of` as a subquery: `initiative` and `kind` may be OuterRef()s, `date` a
    date value or an expression."""
    rows = reader.visible(TerritoryMembership).filter(member_at(date), initiative=initiative)
    if kind is not None:
        rows = rows.filter(territory__kind=kind)
    counted = rows.order_by().values("initiative").annotate(members=Count("pk")).values("members")
    return Coalesce(Subquery(counted), 0)


def members_today(reader, initiatives, request=None):
    """{initiative pk: its member territories today} for `initiatives` (pks), in one query for
    those not yet counted in this registry version and day (caching.per_version_each): the
    skewed initiative's 4,000 members are counted once per edit, not for every answer that
    shows the number (the API's records)."""
    today = clock.today()

    def count(missing):
        rows = reader.visible(TerritoryMembership).filter(member_at(today), initiative__in=missing)
        return dict(rows.order_by().values_list("initiative").annotate(members=Count("pk")))

    name = f"members-today:{reader.name}:{today}"
    return per_version_each(name, initiatives, count, request, default=0)


def derived_value(reader):
    """An indicator's value derived from memberships as of today: the count of members of the
    kind it counts (None for a typed-only indicator). An annotation, no query of its own."""
    return Case(
        When(counts_members="", then=Value(None)),
        default=members_count(
            reader, OuterRef("initiative"), clock.today(), OuterRef("counts_members")
        ),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class Point:
    as_of: PartialDate
    value: int


def change_dates(rows, limit, newest_first=False):
    """The first (or last) `limit` dates on which membership changed (someone joined or left),
    as partial-date texts in order: one query, however many memberships there are."""
    joined = rows.annotate(day=Earliest("joined")).values_list("day", flat=True)
    left = rows.filter(left__isnull=False).annotate(day=Earliest("left"))
    union = joined.union(left.values_list("day", flat=True))
    return list(union.order_by("-day" if newest_first else "day")[:limit])


def evenly(first, last, points):
    """`points` days from `first` to `last` (partial-date texts), evenly spaced, as ISO days."""
    start = PartialDate.parse(first).first_day().toordinal()
    end = PartialDate.parse(last).first_day().toordinal()
    days = sorted({start + round((end - start) * i / (points - 1)) for i in range(points)})
    return [datetime.date.fromordinal(day).isoformat() for day in days]


def series(reader, initiative, kind=None, points=CHART_POINTS):
    """The members' count over time, at most `points` points: on each date membership changed
    when there are few enough, else on dates evenly spaced from the first change to the last.
    Two or three queries, however many memberships."""
    rows = memberships(reader, initiative, kind)
    dates = change_dates(rows, points + 1)
    if len(dates) > points:
        (latest,) = change_dates(rows, 1, newest_first=True)
        dates = evenly(dates[0], latest, points)
    if not dates:
        return []
    counts = rows.aggregate(
        **{f"at_{i}": Count("pk", filter=member_at(date)) for i, date in enumerate(dates)}
    )
    return [Point(PartialDate.parse(date), counts[f"at_{i}"]) for i, date in enumerate(dates)]


def group_of(path="territory", depth=TREE_DEPTH):
    """The id of the oblast (or city of republican significance) a territory lies in, in SQL:
    itself or the nearest such ancestor; NULL for none."""
    whens = []
    for _level in range(depth):
        whens.append(When(**{f"{path}__kind__in": GROUP_KINDS}, then=F(path)))
        path = f"{path}__parent"
    return Case(*whens, default=Value(None), output_field=IntegerField())


@dataclass
class Group:
    """The members under one oblast: the first shown, and how many there are."""

    oblast: Territory | None
    members: list = field(default_factory=list)
    count: int = 0

    @property
    def more(self):
        return self.count > len(self.members)


def by_oblast(reader, initiative, shown=SHOWN_PER_OBLAST):
    """The initiative's memberships grouped by oblast: the first `shown` of each group (by
    territory name, then date joined) with the group's count. Two queries, however many."""
    rows = joined(memberships(reader, initiative), "territory", "source").annotate(group=group_of())
    order = [name_in_language("territory__name"), "territory__slug", Earliest("joined")]
    rows = (
        rows.annotate(
            position=Window(RowNumber(), partition_by=[F("group")], order_by=order),
            in_group=Window(Count("pk"), partition_by=[F("group")]),
        )
        .filter(position__lte=shown)
        .order_by("group", "position")
    )
    groups = {}
    for membership in rows:
        group = groups.setdefault(membership.group, Group(None, count=membership.in_group))
        group.members.append(membership)
    oblasts = reader.visible(Territory).in_bulk([pk for pk in groups if pk is not None])
    merged = {}
    for pk, group in groups.items():
        oblast = oblasts.get(pk)  # a draft oblast: its members are listed with no oblast
        target = merged.setdefault(oblast.pk if oblast else None, Group(oblast))
        target.members += group.members
        target.count += group.count
    ordered = sorted(
        merged.values(), key=lambda group: (group.oblast is None, str(group.oblast or ""))
    )
    return ordered


def in_list_order(reader, initiative, request=None):
    """The initiative's memberships as the full list shows them: by oblast, then territory
    name, then date. Finding each one's oblast up the tree and sorting them all costs the same
    for every page, so the order is kept per registry version and language (paging.KeptOrder)."""
    rows = joined(memberships(reader, initiative), "territory", "source").annotate(group=group_of())
    ordered = rows.order_by(
        "group", name_in_language("territory__name"), "territory__slug", Earliest("joined")
    )
    name = f"members-order:{reader.name}:{initiative.pk}:{get_language()}"
    return KeptOrder(ordered, name, request)


def conflicts(reader, initiative, shown=SHOWN_CONFLICTS):
    """The typed values of the initiative's coverage indicators that differ from the count of
    members as of their dates: the first `shown` (by indicator and date), each with `derived`,
    and how many there are. Two queries."""
    differing = (
        reader.visible(Measurement)
        .filter(indicator__initiative=initiative)
        .exclude(indicator__counts_members="")
        .annotate(
            derived=members_count(
                reader,
                OuterRef("indicator__initiative"),
                Earliest(OuterRef("as_of")),
                OuterRef("indicator__counts_members"),
            )
        )
        .exclude(value=F("derived"))
    )
    first = list(differing.select_related("indicator").order_by("indicator__slug", "as_of")[:shown])
    total = len(first) if len(first) < shown else differing.count()
    return first, total


def page_section(reader, initiative, request=None):
    """The initiative page's section on its member territories: the members by oblast (the
    first of each), and their number over time as a chart. None when it has none, at no
    query (the page's read model says whether it has any: `has_memberships`)."""
    if not getattr(initiative, "has_memberships", 0):
        return None
    today = clock.today()
    # Each figure reads every membership (484 айыл аймак of a national rollout, and more over
    # time): worked out once per registry version, day and language (the groups' order).
    figures = per_version(
        f"members-section:{reader.name}:{initiative.pk}:{today.isoformat()}:{get_language()}",
        lambda: {
            "points": series(reader, initiative),
            "groups": by_oblast(reader, initiative),
            "now": members_as_of(reader, initiative, today),
            "count": memberships(reader, initiative).count(),
        },
        request,
    )
    return {
        "count": figures["count"],
        "groups": figures["groups"],
        "now": figures["now"],
        "chart": charts.render_count_chart(
            gettext("Member territories"),
            figures["points"],
            f"initiative-{initiative.pk}-members",
            request,
        ),
    }


def list_page_rows(memberships_page, reader):
    """A page of the full list, each membership with `oblast`, the record it is grouped under
    (one query for the page)."""
    rows = list(memberships_page)
    oblasts = reader.visible(Territory).in_bulk({row.group for row in rows if row.group})
    for row in rows:
        row.oblast = oblasts.get(row.group)
    return rows
