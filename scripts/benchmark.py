"""How the registry's pages, API, downloads, export and import grow with the data.

    scripts/with-postgres .venv/bin/python scripts/benchmark.py --scales 0.1 1 10

For each scale it makes a database on the PostgreSQL server of DATABASE_URL, fills it with
`manage.py generate_registry --scale S`, gathers its statistics (`VACUUM ANALYZE`), and
measures, in one run so that ratios compare:
- every kind of page and API answer, built (not from the answer cache; what a version's
  answers share, such as a list's years or the home page's figures, kept as in service): the
  median of `--repeat` requests in ms, as a ratio to /robots.txt (a view that touches no
  table) and to the admin's changelist of initiatives, and its growth from scale to scale,
  also as a ratio to /robots.txt asked in turn with it, its query count and its size; the
  first (warm-up) request's ms, which builds those shared parts, a sitemap file or download;
  the same answers from the answer cache, and a 304;
- the export and import beside `dumpdata` and `loaddata`: wall and CPU seconds, peak memory;
- gunicorn with 3 workers: mixed public reads per second beside /robots.txt alone.
It prints the tables and writes them, with this command, to `--output` (docs/performance.md).
Targets are read from these tables; no test times anything.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from math import ceil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# (label, address): the answers measured. Slugs are the generator's (initiatives/generator.py):
# gen-organization-1 leads a fifth of the initiatives, gen-source-1 backs 10,000 citations at
# scale 1, gen-initiative-1's first indicator has a value a day.
ANSWERS = [
    ("trivial view", "/robots.txt"),
    ("home", "/ru/"),
    ("initiatives", "/ru/initiatives/"),
    (
        "initiatives, filtered",
        "/ru/initiatives/?status=implementation&organization=gen-organization-1",
    ),
    ("initiatives, searched", "/ru/initiatives/?q=инициатива+5"),
    # The deepest page a reader can open, by number: the true last page while the list is
    # counted, the page of its 1,000th row past that (initiatives/paging.py).
    ("initiatives, last page", "/ru/initiatives/?page={initiatives_last}"),
    ("events", "/ru/events/"),
    ("events, by year", "/ru/events/?year=2020"),
    ("initiative (1,000s of values)", "/ru/initiatives/gen-initiative-1/"),
    (
        "indicator values, last page",
        "/ru/initiatives/gen-initiative-1/indicators/gen-indicator-1/?page={values_last}",
    ),
    ("organization (leads a fifth)", "/ru/organizations/gen-organization-1/"),
    ("source (cited 10,000 times)", "/ru/sources/gen-source-1/"),
    ("event", "/ru/events/gen-event-4/"),
    ("person (1,000 statements)", "/ru/people/gen-person-1/"),
    ("statements", "/ru/statements/"),
    ("statements by one person", "/ru/statements/?person=gen-person-1"),
    ("initiative's member territories", "/ru/initiatives/gen-initiative-1/territories/"),
    ("document", "/ru/documents/gen-document-1/"),
    ("donor project", "/ru/projects/gen-project-1/"),
    ("territory", "/ru/territories/gen-aiyl-aimak-1/"),
    ("topic", "/ru/topics/gen-topic-1/"),
    ("series", "/ru/series/gen-series-1/"),
    ("feed", "/ru/feed.atom"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap file", "/sitemap-event.xml"),
    ("API initiatives", "/api/v1/initiatives/"),
    ("API initiatives, cursor", "/api/v1/initiatives/?cursor="),
    ("API initiative", "/api/v1/initiatives/gen-initiative-1/"),
    ("API source", "/api/v1/sources/gen-source-1/"),
    ("API measurements", "/api/v1/measurements/?initiative=gen-initiative-1"),
    ("API memberships", "/api/v1/memberships/?initiative=gen-initiative-1"),
    ("API statements", "/api/v1/statements/?person=gen-person-1"),
    ("API schema", "/api/v1/schema/"),
    ("download: one CSV", "/data/csv/initiative.csv"),
    ("admin changelist", "/admin/initiatives/initiative/"),
    ("admin change form", "/admin/initiatives/initiative/{initiative}/change/"),
]
MIXED = [
    "/ru/",
    "/ru/initiatives/",
    "/ru/events/?year=2020",
    "/ru/initiatives/gen-initiative-2/",
    "/ru/organizations/gen-organization-3/",
    "/api/v1/initiatives/",
    "/api/v1/events/gen-event-8/",
    "/sitemap.xml",
]


def database_url(base, name):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def run(command, env):
    """Run a command; (wall s, cpu s, peak RSS MB) from the kernel's accounting of it."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def manage(env, *arguments):
    return run([PYTHON, "manage.py", *arguments], env)


def fresh_database(base, name, env):
    subprocess.run(
        ["psql", base, "-qc", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"],
        check=True,
    )
    env = {**env, "DATABASE_URL": database_url(base, name)}
    manage(env, "migrate", "--noinput", "-v0")
    return env


def measure_answers(env, repeat):
    """Time every answer in a child process (Django set up once), uncached and cached."""
    output = subprocess.run(
        [PYTHON, __file__, "--answers", str(repeat)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def answers(repeat):
    """In the child: {label: figures} as JSON on the last line of stdout."""
    import django
    from django.conf import settings

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from initiatives import caching
    from initiatives.models import Initiative, Measurement
    from initiatives.paging import COUNT_UP_TO
    from initiatives.views import IndicatorView, RecordListView

    setup_test_environment()
    settings.REGISTRY_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "registry_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    # First every answer built, as for an address no one has asked for since the last edit:
    # the answer cache is passed by, while what the version's answers share (a list's years,
    # the home page's figures, a source's counts) is kept as it is in service. The first
    # (warm-up) request of an answer is the one that builds those.
    serve_from_cache = caching.cacheable
    caching.cacheable = lambda request: False
    get_user_model().objects.filter(username="benchmark").delete()
    staff = get_user_model().objects.create_superuser("benchmark", "b@example.org", "benchmark")
    initiative = Initiative.objects.get(slug="gen-initiative-1").pk
    values = Measurement.objects.filter(
        indicator__slug="gen-indicator-1", indicator__initiative=initiative
    )
    last_pages = {  # every generated record is published
        "initiatives_last": ceil(
            min(Initiative.objects.count(), COUNT_UP_TO) / RecordListView.paginate_by
        ),
        "values_last": ceil(values.count() / IndicatorView.paginate_by),
    }
    public, admin = Client(), Client()
    admin.force_login(staff)

    trivial = ANSWERS[0][1]

    def timed(client, url, **headers):
        """Median ms of `repeat` requests after a warm one, the last response, its queries,
        the warm one's ms (a snapshot file, sitemap or download, is built by it), and the
        median ms of the trivial view asked just before each of them: a baseline measured
        beside the answer, in the same state of the machine, as its ratio's denominator."""
        start = time.perf_counter()
        client.get(url, headers=headers)
        first = (time.perf_counter() - start) * 1000
        times, beside = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            public.get(trivial)
            beside.append(time.perf_counter() - start)
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, headers=headers)
                times.append(time.perf_counter() - start)
        assert response.status_code in (200, 304), (url, response.status_code)
        median = statistics.median
        return median(times) * 1000, response, len(queries), first, median(beside) * 1000

    figures = {}
    addresses = [(label, url.format(initiative=initiative, **last_pages)) for label, url in ANSWERS]
    for label, url in addresses:
        client = admin if url.startswith("/admin/") else public
        ms, response, queries, first, beside = timed(client, url)
        figures[label] = {
            "ms": ms,
            "beside_ms": beside,
            "first_ms": first,
            "queries": queries,
            "bytes": len(response.getvalue()),
        }

    caching.cacheable = serve_from_cache
    for label, url in addresses:
        if url.startswith("/admin/"):
            continue
        ms, response, _queries, _first, _beside = timed(public, url)
        figures[label]["cached_ms"] = ms
        etag = response.get("ETag")
        if etag:
            figures[label]["304_ms"] = timed(public, url, if_none_match=etag)[0]
    print(json.dumps(figures))


def throughput(env, seconds, clients=8):
    """Requests a second that gunicorn (3 workers) answers: mixed reads, and robots.txt."""
    port = 18000 + os.getpid() % 1000
    # Plain HTTP on a local port, as behind a proxy that ends TLS: no redirect to https.
    server_env = {
        **env,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
    }
    # As a deployment would: static files collected, the cache's table made.
    for setup in (("collectstatic", "--noinput"), ("createcachetable",)):
        subprocess.run([PYTHON, "manage.py", *setup, "-v0"], env=server_env, cwd=ROOT, check=True)
    # Emptied, as a new deployment's: the requests measured above came from the same address
    # as the load, and their count in the API's throttle (60 a minute in production settings)
    # would turn the load's first uncached API answers into 429s.
    subprocess.run(["psql", env["DATABASE_URL"], "-qc", "TRUNCATE registry_cache"], check=True)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "registry.wsgi", "-w", "3", "-b", f"127.0.0.1:{port}"],
        env=server_env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        mixed = load(port, MIXED, seconds, clients)
        trivial = load(port, ["/robots.txt"], seconds, clients)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return {"mixed": mixed, "trivial": trivial}


def wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/robots.txt")
            connection.getresponse().read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def load(port, urls, seconds, clients):
    done, errors = [0], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset):
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        index = offset
        while time.monotonic() < deadline:
            connection.request("GET", urls[index % len(urls)])
            response = connection.getresponse()
            response.read()
            with lock:
                done[0] += 1
                errors[0] += response.status != 200  # a redirect is not an answer either
            index += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"per_second": done[0] / seconds, "errors": errors[0]}


def export_and_import(base, env, scale, imports):
    """The export beside dumpdata, and (if `imports`) the import beside loaddata, on the
    same registry and file."""
    folder = Path(tempfile.mkdtemp())
    fixture = folder / "registry.json"
    results = {
        "export_registry": manage(env, "export_registry", "--output", str(fixture)),
        "dumpdata": manage(
            env,
            *("dumpdata", "initiatives", "--natural-foreign", "--natural-primary", "--indent", "2"),
            *("-e", "initiatives.registryversion", "-o", str(folder / "dump.json")),
        ),
    }
    if imports:
        name = f"bench_import_{str(scale).replace('.', '_')}"
        results["import_registry"] = manage(
            fresh_database(base, name, env), "import_registry", str(fixture)
        )
        results["loaddata"] = manage(fresh_database(base, name, env), "loaddata", str(fixture))
    return results


def measure_scale(base, scale, repeat, seconds, files_up_to, imports_up_to):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "registry.settings_testing",
        "SECRET_KEY": "benchmark-only",
    }
    name = f"bench_{str(scale).replace('.', '_')}"
    env = fresh_database(base, name, env)
    generated = manage(env, "generate_registry", "--scale", str(scale), "-v0")
    print(f"scale {scale}: generated in {generated[0]:.0f} s", file=sys.stderr)
    # As in service, where autovacuum gathers the planner's statistics soon after a bulk load;
    # left to it here, it would run during the measurements, and plans would change midway.
    subprocess.run(["psql", env["DATABASE_URL"], "-qc", "VACUUM ANALYZE"], check=True)
    return {
        "answers": measure_answers(env, repeat),
        # loaddata and dumpdata take a query per reference: hours at scale 10.
        "files": (
            export_and_import(base, env, scale, imports=scale <= imports_up_to)
            if scale <= files_up_to
            else {}
        ),
        "gunicorn": throughput({**env, "DJANGO_SETTINGS_MODULE": "registry.settings"}, seconds),
    }


def table(results):
    scales = list(results)
    lines = []
    for scale in scales:
        answers = results[scale]["answers"]
        trivial = answers["trivial view"]["ms"]
        admin = answers["admin changelist"]["ms"]
        lines += [
            f"### Scale {scale}",
            "",
            "| answer | ms | × trivial | × admin list | queries | KB | first ms "
            "| cached ms | × trivial | 304 ms |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for label, figures in answers.items():
            cached = figures.get("cached_ms")
            lines.append(
                f"| {label} | {figures['ms']:.1f} | {figures['ms'] / trivial:.0f} "
                f"| {figures['ms'] / admin:.2f} | {figures['queries']} "
                f"| {figures['bytes'] / 1024:.1f} | {figures['first_ms']:.0f} "
                f"| {'' if cached is None else f'{cached:.1f}'} "
                f"| {'' if cached is None else f'{cached / trivial:.1f}'} "
                f"| {figures.get('304_ms', 0):.1f} |"
            )
        if results[scale]["files"]:
            lines += ["", "| command | wall s | CPU s | peak MB |", "|---|--:|--:|--:|"]
        for command, (wall, cpu, rss) in results[scale]["files"].items():
            lines.append(f"| {command} | {wall:.1f} | {cpu:.1f} | {rss:.0f} |")
        served = results[scale]["gunicorn"]
        mixed, trivial_rate = served["mixed"]["per_second"], served["trivial"]["per_second"]
        lines += [
            "",
            f"gunicorn, 3 workers, 8 clients: mixed reads {mixed:.0f}/s "
            f"({served['mixed']['errors']} errors), /robots.txt {trivial_rate:.0f}/s: "
            f"{mixed / trivial_rate:.0%} of the trivial view.",
            "",
        ]
    if len(scales) > 1:
        lines += [
            "### Growth (median ms, each scale against the first)",
            "",
            "| answer | " + " | ".join(f"scale {s}" for s in scales) + " |",
            "|---|" + "--:|" * len(scales),
        ]
        first = results[scales[0]]["answers"]
        for label in first:
            cells = [
                f"{results[s]['answers'][label]['ms'] / first[label]['ms']:.2f}×" for s in scales
            ]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "### Growth beside the trivial view (each scale against the first)",
            "",
            "Each answer's median over that of the trivial view asked just before each of its "
            "requests, at each scale, over the same at the first: what the data adds, with "
            "what the machine's state adds to both taken out.",
            "",
            "| answer | " + " | ".join(f"scale {s}" for s in scales) + " |",
            "|---|" + "--:|" * len(scales),
        ]
        for label in first:
            if label == ANSWERS[0][0]:
                continue
            cells = [
                f"{beside_ratio(results[s], label) / beside_ratio(results[scales[0]], label):.2f}×"
                for s in scales
            ]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def beside_ratio(result, label):
    """An answer's median ms over the trivial view's, asked in turn with it."""
    figures = result["answers"][label]
    return figures["ms"] / figures["beside_ms"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[0.1, 1])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=15, help="of load on gunicorn")
    parser.add_argument(
        "--files-up-to",
        type=float,
        default=1,
        help="measure the export (beside dumpdata) up to this scale",
    )
    parser.add_argument(
        "--imports-up-to",
        type=float,
        default=0.1,
        help="measure the import (beside loaddata: 10 minutes at 0.1) up to this scale",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--answers", type=int, help=argparse.SUPPRESS)  # the child's part
    options = parser.parse_args()
    if options.answers:
        return answers(options.answers)
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit(
            "Run under scripts/with-postgres (DATABASE_URL names a PostgreSQL server)."
        )
    results = {
        scale: measure_scale(
            base, scale, options.repeat, options.seconds, options.files_up_to, options.imports_up_to
        )
        for scale in options.scales
    }
    text = table(results)
    print(text)
    command = "scripts/with-postgres .venv/bin/python scripts/benchmark.py " + " ".join(
        sys.argv[1:]
    )
    options.output.parent.mkdir(exist_ok=True)
    options.output.write_text(
        f"# Performance\n\nMeasured with `{command}` on {time.strftime('%Y-%m-%d')}.\n\n{text}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
