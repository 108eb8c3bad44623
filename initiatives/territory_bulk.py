"""Adding many territories at once: a CSV that staff paste or upload in the admin.

Every line is checked before anything is written, and every problem is reported with its line
and column; only a list without a problem is written, in one transaction, each new territory
with its row in the history, and the registry's version advances once (caches are keyed by it).

The columns, named in the first line: name_ru, name_ky, name_en (at least one of them), kind,
parent, and optionally slug and iso_code. A parent is named by its slug or its ISO 3166-2 code,
of a territory in the registry or of another line of the same list (in any order: the list is
written parents first). A name does not name a parent: many айыл аймаки share one. Where each
kind may lie is the model's rule (places.PARENT_KINDS).
"""

import csv
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from simple_history.utils import bulk_create_with_history
from slugify import slugify

from initiatives.localized import format_number
from initiatives.models import RegistryVersion, Territory
from initiatives.models.base import translated
from initiatives.models.places import ISO_CODE_PATTERN

# At most this many territories at once: the check and the write stay within one request.
MAX_ROWS = 1000
# A list of MAX_ROWS lines fits in this many characters with room to spare.
MAX_CHARACTERS = 500_000

NAME_COLUMNS = translated("name")
COLUMNS = (*NAME_COLUMNS, "kind", "parent", "slug", "iso_code")
REQUIRED_COLUMNS = ("kind", "parent")
# A parent written like an ISO 3166-2:KG code is looked up by its code, anything else by slug.
ISO_CODE = re.compile(ISO_CODE_PATTERN)
# A spreadsheet's cells pasted come separated by tabs; a Russian-locale CSV by semicolons.
DELIMITERS = (",", ";", "\t")
SLUG_LENGTH = Territory._meta.get_field("slug").max_length


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # "" when the problem is the line's as a whole
    message: str

    def __str__(self):
        if self.column:
            return gettext("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return gettext("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class Refused(Exception):
    """The list cannot be added; `messages` says every reason, line by line."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = [str(message) for message in messages]


@dataclass
class Line:
    number: int
    territory: Territory
    parent: str
    slug_made: bool
    # Fields whose problem follows from another one reported.
    skip: tuple = ()


def kinds_by_name():
    """A kind as a line may give it: its code (aiyl_aimak) or its name in any language."""
    names = {}
    for kind in Territory.Kind:
        names[kind.value] = kind
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names[str(kind.label).casefold()] = kind
    return names


def delimiter_of(header):
    """The separator the first line uses most: comma, semicolon or tab."""
    return max(DELIMITERS, key=header.count)


def read(text):
    """The new territories of a CSV text, parents before children; or Refused, naming every
    problem of every line."""
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise Refused([gettext("The list holds a NUL character: it is not text.")])
    if len(text) > MAX_CHARACTERS:
        raise Refused(
            [
                gettext("The list is longer than %(max)s characters: split it.")
                % {"max": format_number(MAX_CHARACTERS)}
            ]
        )
    first = next((line for line in text.splitlines() if line.strip()), "")
    rows = list(numbered_rows(text, delimiter_of(first)))
    if not rows:
        raise Refused([gettext("The list is empty: give a header line and the territories.")])
    (header_line, header), *data = rows
    columns = read_header(header_line, header)
    if not data:
        raise Refused([gettext("The list names its columns but gives no territory.")])
    if len(data) > MAX_ROWS:
        raise Refused(
            [
                ngettext(
                    "The list has %(count)s territory; at most %(max)s can be added at once: "
                    "split it.",
                    "The list has %(count)s territories; at most %(max)s can be added at once: "
                    "split it.",
                    len(data),
                )
                % {"count": format_number(len(data)), "max": format_number(MAX_ROWS)}
            ]
        )
    problems = []
    kinds = kinds_by_name()
    lines = [read_line(number, columns, cells, kinds, problems) for number, cells in data]
    lines = [line for line in lines if line is not None]
    check_unique(lines, problems)
    resolve_parents(lines, problems)
    for line in lines:
        validate(line, problems)
    levels = in_levels(lines, problems)
    if problems:
        raise Refused(sorted(problems, key=lambda problem: problem.line))
    return levels


def numbered_rows(text, delimiter):
    """(the line a row starts on, its cells), blank lines left out. A quoted cell may span
    lines, so the count is csv's own."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    last = 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                yield start, [cell.strip() for cell in cells]
    except csv.Error as error:
        raise Refused([Problem(last + 1, "", gettext("This is not CSV: %s") % error)]) from None


def read_header(number, header):
    columns = [cell.casefold() for cell in header]
    problems = []
    for column in columns:
        if column not in COLUMNS:
            problems.append(
                Problem(
                    number,
                    column,
                    gettext("No such column: the columns are %(columns)s.")
                    % {"columns": ", ".join(COLUMNS)},
                )
            )
    for column in sorted(set(columns)):
        if columns.count(column) > 1:
            problems.append(Problem(number, column, gettext("This column is named twice.")))
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            problems.append(Problem(number, column, gettext("This column is missing.")))
    if not any(column in columns for column in NAME_COLUMNS):
        problems.append(
            Problem(
                number,
                "",
                gettext("Name the territories in a column: %(columns)s.")
                % {"columns": ", ".join(NAME_COLUMNS)},
            )
        )
    if problems:
        raise Refused(problems)
    return columns


def read_line(number, columns, cells, kinds, problems):
    if len(cells) > len(columns) and any(cells[len(columns) :]):
        problems.append(
            Problem(
                number,
                "",
                gettext("It has %(cells)s values; the first line names %(columns)s columns.")
                % {"cells": len(cells), "columns": len(columns)},
            )
        )
        return None
    values = dict(zip(columns, cells, strict=False))
    kind = read_kind(number, values.get("kind", ""), kinds, problems)
    territory = Territory(
        kind=kind or "",
        iso_code=values.get("iso_code", ""),
        **{column: values.get(column, "") for column in NAME_COLUMNS},
    )
    territory.slug = values.get("slug", "")
    slug_made = not territory.slug
    name = territory.name_en or territory.name_ru or territory.name_ky
    if slug_made and name:
        territory.slug = slugify(name, max_length=SLUG_LENGTH, word_boundary=True)
        if not territory.slug:
            problems.append(
                Problem(number, "slug", gettext("No address can be made of the name: give one."))
            )
    # With no name there is nothing to make an address of: the model reports the missing name.
    skip = ("slug",) if slug_made and not name else ()
    return Line(number, territory, values.get("parent", ""), slug_made, skip)


def read_kind(number, value, kinds, problems):
    if not value:
        problems.append(Problem(number, "kind", gettext("Give the kind.")))
        return None
    kind = kinds.get(value.casefold())
    if kind is None:
        problems.append(
            Problem(
                number,
                "kind",
                gettext("No such kind “%(value)s”: use %(kinds)s, or their names.")
                % {"value": value, "kinds": ", ".join(Territory.Kind.values)},
            )
        )
    return kind


def check_unique(lines, problems):
    """Slugs and ISO codes: each once in the list, and none already in the registry."""
    for field, column in (("slug", "slug"), ("iso_code", "iso_code")):
        first_line = {}
        for line in lines:
            value = getattr(line.territory, field)
            if not value:
                continue
            if value in first_line:
                problems.append(
                    Problem(
                        line.number,
                        column,
                        gettext("“%(value)s” is already given on line %(line)s.")
                        % {"value": value, "line": first_line[value]},
                    )
                )
            else:
                first_line[value] = line.number
        taken = set(
            Territory.objects.filter(**{f"{field}__in": list(first_line)}).values_list(
                field, flat=True
            )
        )
        for line in lines:
            value = getattr(line.territory, field)
            if value in taken:
                message = gettext("A territory in the registry already has “%(value)s”.") % {
                    "value": value
                }
                if field == "slug" and line.slug_made:
                    message += " " + gettext(
                        "The address was made of the name: give one of its own in this column."
                    )
                problems.append(Problem(line.number, column, message))


def resolve_parents(lines, problems):
    """Each line's parent: a line of the list or a territory of the registry, by slug or ISO
    code; one query for all of them."""
    in_list = {}
    for line in lines:
        in_list.setdefault(line.territory.slug, line.territory)
        if line.territory.iso_code:
            in_list.setdefault(line.territory.iso_code, line.territory)
    wanted = {line.parent for line in lines if line.parent and line.parent not in in_list}
    codes = {ref for ref in wanted if ISO_CODE.match(ref)}
    registry = {}
    for territory in Territory.objects.filter(Q(slug__in=wanted - codes) | Q(iso_code__in=codes)):
        registry[territory.iso_code if territory.iso_code in codes else territory.slug] = territory
    for line in lines:
        if not line.parent:
            continue
        parent = in_list.get(line.parent) or registry.get(line.parent)
        if parent is None:
            problems.append(
                Problem(
                    line.number,
                    "parent",
                    gettext(
                        "No territory has the address or ISO code “%(value)s”, in the registry "
                        "or in this list."
                    )
                    % {"value": line.parent},
                )
            )
        else:
            line.territory.parent = parent


def validate(line, problems):
    """The model's own checks (field formats, constraints, clean(): where a kind may lie), on
    the fields not already found wrong. Uniqueness was checked for the whole list at once, and
    the parent is in hand."""
    check_constraints(line, problems)
    found = {problem.column for problem in problems if problem.line == line.number}
    try:
        line.territory.full_clean(
            exclude=["parent", *line.skip, *found],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            column = field if field in COLUMNS else ""
            for message in messages:
                problems.append(Problem(line.number, column, message))


def check_constraints(line, problems):
    """The model's check constraints a line can break, asked in Python with their own messages:
    full_clean() asks the database once per constraint and line, thousands of queries for a
    long list. A line sets only names, kind, slug and ISO code; the slug is checked by its
    field, the ISO code's uniqueness for the whole list at once (check_unique)."""
    territory = line.territory
    if not any(getattr(territory, column) for column in NAME_COLUMNS):
        problems.append(Problem(line.number, NAME_COLUMNS[0], message_of("name_in_some_language")))
    if territory.iso_code and not ISO_CODE.match(territory.iso_code):
        problems.append(Problem(line.number, "iso_code", message_of("iso_code_format")))


def message_of(constraint_name):
    """The message a constraint of the model gives, as full_clean() would give it."""
    constraint = next(
        constraint
        for constraint in Territory._meta.constraints
        if constraint.name.endswith(f"_{constraint_name}")
    )
    if constraint.labels:
        return str(constraint.labelled_message(Territory))
    return str(constraint.violation_error_message)


def in_levels(lines, problems):
    """The new territories, a list per level: those under the registry's territories (or under
    none) first, then those under them, and so on, so each parent is written before its
    children."""
    number_of = {id(line.territory): line.number for line in lines}
    depth = {}
    for line in lines:
        chain, on_chain, node = [], set(), line.territory
        while id(node) not in depth:
            if id(node) in on_chain:
                problems.append(
                    Problem(
                        number_of[id(node)],
                        "parent",
                        gettext("This line lies within itself through the lines it names."),
                    )
                )
                depth.update((id(looped), 0) for looped in chain)
                break
            chain.append(node)
            on_chain.add(id(node))
            # A parent in the registry is saved (parent_id); a parent in the list is not yet.
            parent = node.parent if node.parent_id is None else None
            if parent is None or id(parent) not in number_of:
                depth[id(chain.pop())] = 0
                break
            node = parent
        below = depth.get(id(node), 0)
        for looped in reversed(chain):
            below += 1
            depth.setdefault(id(looped), below)
    levels = {}
    for line in lines:
        levels.setdefault(depth[id(line.territory)], []).append(line.territory)
    return [levels[number] for number in sorted(levels)]


def write(levels, user, publish=False):
    """Add the territories read (`read()`), published or as drafts; return how many."""
    reason = gettext("Added from a list")
    moment = timezone.now()
    with transaction.atomic():
        for territories in levels:
            for territory in territories:
                territory.is_published = publish
            # simple-history's bulk create: the history rows the admin's save would write.
            bulk_create_with_history(
                territories,
                Territory,
                batch_size=500,
                default_user=user,
                default_change_reason=reason,
                default_date=moment,
            )
        # bulk_create sends no signals (initiatives/caching.py): say the registry changed.
        RegistryVersion.advance()
    return sum(len(territories) for territories in levels)


def added_message(count):
    return ngettext("Added %(count)s territory.", "Added %(count)s territories.", count) % {
        "count": format_number(count)
    }
