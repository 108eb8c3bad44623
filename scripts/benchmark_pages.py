"""How the public pages' time grows with the registry: a benchmark, not a test.

    .venv/bin/python scripts/benchmark_pages.py [--rows 500] [--repeat 20]

Builds a throwaway SQLite database with the seed fixtures, times each page, then adds
`--rows` generated initiatives, events and organizations and times the pages again. Each
figure is the median of `--repeat` requests, printed as milliseconds and as a ratio to
/robots.txt measured in the same run (a page that touches no table), so numbers from
different machines compare. The query counts are pinned in tests/test_page_queries.py; this
shows what they do not: the cost of rendering more rows.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings_testing")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGES = [
    "/robots.txt",
    "/ru/",
    "/ru/initiatives/",
    "/ru/initiatives/?q=санарип&status=implementation",
    "/ru/initiatives/sanarip-aimak/",
    "/ru/events/",
    "/ru/organizations/gamsumo/",
    "/ru/sources/dpi-gamsumo-seminar-2019-12-19/",
    "/ru/feed.atom",
]


def median_ms(client, url, repeat):
    client.get(url)  # warm the template cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def measure(client, repeat):
    return {url: median_ms(client, url, repeat) for url in PAGES}


def grow(rows):
    from initiatives import models

    organization = models.Organization.objects.get(slug="gamsumo")
    for number in range(rows):
        initiative = models.Initiative.objects.create(
            slug=f"bench-initiative-{number}",
            name_ru=f"Инициатива {number}",
            kind="pilot",
            status="implementation",
            is_published=True,
        )
        models.InitiativeParticipation.objects.create(
            initiative=initiative, organization=organization, role="lead"
        )
        models.Event.objects.create(
            slug=f"bench-event-{number}",
            name_ru=f"Семинар {number}",
            kind="seminar",
            status="held",
            start="2020-01",
            is_published=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        fixtures = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))
        call_command("loaddata", *fixtures, verbosity=0)
        client = Client()
        before = measure(client, args.repeat)
        grow(args.rows)
        after = measure(client, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    base_before, base_after = before["/robots.txt"], after["/robots.txt"]
    print(f"{'page':<52} {'seed ms':>8} {'×base':>6} {f'+{args.rows} ms':>9} {'×base':>6}")
    for url in PAGES:
        print(
            f"{url:<52} {before[url]:8.1f} {before[url] / base_before:6.1f} "
            f"{after[url]:9.1f} {after[url] / base_after:6.1f}"
        )


if __name__ == "__main__":
    main()
