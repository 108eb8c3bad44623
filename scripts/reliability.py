"""Nothing lost, no one let in: the registry under load while its database restarts and an
import is killed.

    .venv/bin/python scripts/reliability.py --clients 20 --seconds 60

What it does, all on this machine:
1. creates a throwaway PostgreSQL cluster (initdb, as the `postgres` user when run as root)
   listening on 127.0.0.1 only, migrates a database, loads fixtures/*.json in sorted order,
   and makes an Editor with an API token; generates a synthetic registry
   (`generate_registry --scale`) in a second database and exports it to a file to import;
2. starts gunicorn with gunicorn.conf.py (`--workers`, 127.0.0.1, DEBUG off, a random
   SECRET_KEY, SECURE_SSL_REDIRECT=false as there is no TLS on the loopback, the API's
   throttle rates raised so that they do not decide the answers);
3. runs `--clients` threads for `--seconds`: readers (pages, API, feed, sitemap, downloads),
   editors (GET a topic for its ETag, PATCH it with If-Match; each editor has topics of
   its own, so every save is expected to succeed and each one acknowledged is recorded),
   and pairs that read one organization and send two saves from that same ETag at once
   (one must be saved, the other refused with 412); a probe asks /health/ five times a second;
4. at 30 % of the time, starts `manage.py import_registry` of the generated file, SIGKILLs
   it once it is writing, and compares every table the load does not write before and after;
5. at 55 %, stops PostgreSQL (`pg_ctl stop -m fast`), keeps it down `--down` seconds,
   starts it again, and measures how long after its return requests fail;
6. stops the load and gunicorn, and checks every acknowledged save against the database:
   each is in the record's history, and each record holds its last acknowledged value.

The restart window runs from the stop until 5 s after the database is back (the recovery
target): errors inside it are expected, a 5xx or a request with no answer outside it is not.
It prints the figures and exits 1 when a target is missed:
0 5xx outside the restart window, recovery within 5 s, 0 acknowledged writes lost, the
database unchanged by the killed import, 100 % of stale saves refused.

Bounded: everything listens on 127.0.0.1; the cluster, its data, the media files and the
logs live in one temporary directory, removed at the end, also after Ctrl-C or SIGTERM,
when gunicorn, the import and PostgreSQL are stopped. At most 64 clients for at most
600 s; each request times out after 30 s. Needs the PostgreSQL server binaries
(/usr/lib/postgresql/*/bin, or PG_BINDIR); `--logs DIR` keeps gunicorn's and PostgreSQL's
logs. The static files are collected into staticfiles/ as `make serve` does.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RECOVERY_TARGET = 5.0  # seconds after the database is back
REQUEST_TIMEOUT = 30
IMPORT_APP = "reliability-import"
EDITOR = "reliability-editor"

# Tables the load itself writes: compared by their rows' keys only, or not at all.
BY_SLUG = {"initiatives_topic", "initiatives_organization"}
NOT_COMPARED = ("registry_cache", "django_session", "axes_", "initiatives_historical")
NOT_COMPARED_EXACT = {"initiatives_registryversion"}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_bindir():
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    for bindir in found:
        if (bindir / "initdb").exists():
            return bindir
    sys.exit("reliability: no PostgreSQL server binaries (initdb); set PG_BINDIR")


class Cluster:
    """A PostgreSQL cluster in a temporary directory, on 127.0.0.1 and a free port."""

    def __init__(self, bindir, directory):
        self.bindir = bindir
        self.directory = directory
        self.data = directory / "data"
        self.log = directory / "postgresql.log"
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, tool, *args):
        subprocess.run(
            [*self.as_owner, str(self.bindir / tool), *args],
            cwd=self.directory,
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches this script, which stops it in order
        )

    def create(self):
        self.run(
            "initdb",
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-D",
            str(self.data),
        )
        self.start()

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory}"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database):
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=10)


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        **kwargs,
    )


MAKE_EDITOR = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from initiatives.staff_groups import EDITORS
user = get_user_model().objects.create_user({EDITOR!r}, is_staff=True)
user.groups.add(Group.objects.get(name=EDITORS))
print(Token.objects.create(user=user).key)
"""


def fingerprint(cluster):
    """{table: (rows, digest)} of every table the load does not write; the two the editors
    write, by their rows' slugs: an import that left anything behind changes one."""
    found = {}
    with cluster.connect("registry") as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:
            if table.startswith(NOT_COMPARED) or table in NOT_COMPARED_EXACT:
                continue
            value = "slug" if table in BY_SLUG else "t::text"
            found[table] = connection.execute(
                f"SELECT count(*), md5(coalesce(string_agg({value}, E'\\n' ORDER BY {value}), ''))"
                f' FROM "{table}" t'
            ).fetchone()
    return found


class Load:
    """The clients, and every answer they got: (start, end, kind, path, status or None)."""

    def __init__(self, port, token, topics, organizations, reads):
        self.port = port
        self.token = token
        self.topics = topics
        self.organizations = organizations
        self.reads = reads
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.answers = []
        self.errors = Counter()  # kind of failure without an answer
        # {(model, slug): [(round, value, outcome)]}, outcome "acked", "refused" or "unknown"
        self.writes = defaultdict(list)
        self.rounds = Counter()  # conflict rounds: "attempted", "refused", "both saved", ...
        self.threads = []

    def request(self, kind, method, path, body=None, headers=None):
        """(status, headers, body), or (None, None, None) when no answer came."""
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            result = (response.status, response.headers, data)
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.errors[type(error).__name__] += 1
            result = (None, None, None)
        finally:
            connection.close()
        with self.lock:
            self.answers.append((start, time.monotonic(), kind, f"{method} {path}", result[0]))
        return result

    def editor(self, extra=None):
        return {"Authorization": f"Token {self.token}", **(extra or {})}

    def read_etag(self, kind, model, slug):
        status, headers, _ = self.request(
            kind, "GET", f"/api/v1/{model}/{slug}/", None, self.editor()
        )
        return headers["ETag"] if status == 200 and headers.get("ETag") else None

    def save(self, kind, model, slug, etag, value):
        body = json.dumps({"name_en": value})
        headers = self.editor({"Content-Type": "application/json", "If-Match": etag})
        return self.request(kind, "PATCH", f"/api/v1/{model}/{slug}/", body, headers)[0]

    def reader(self, number):
        chance = random.Random(number)
        while not self.stop.is_set():
            self.request("read", "GET", chance.choice(self.reads))

    def health(self):
        while not self.stop.is_set():
            self.request("health", "GET", "/health/")
            self.stop.wait(0.2)

    def writer(self, number, slugs):
        """Saves to topics no other client writes: each save is expected to succeed."""
        count = 0
        while not self.stop.is_set():
            slug = slugs[count % len(slugs)]
            count += 1
            etag = self.read_etag("write", "topics", slug)
            if etag is None:
                self.stop.wait(0.1)
                continue
            value = f"reliability editor {number} save {count}"
            status = self.save("write", "topics", slug, etag, value)
            outcome = outcome_of(status)
            with self.lock:
                self.writes[("topics", slug)].append((count, value, outcome))

    def pair(self, number, slug):
        """Two saves from one ETag at the same moment: one is saved, the other refused."""
        count = 0
        while not self.stop.is_set():
            count += 1
            etag = self.read_etag("conflict", "organizations", slug)
            if etag is None:
                self.stop.wait(0.1)
                continue
            together = threading.Barrier(2)
            statuses = [None, None]
            values = [f"reliability pair {number} round {count} side {side}" for side in (0, 1)]

            def side(index, together=together, statuses=statuses, values=values, etag=etag):
                try:
                    together.wait(timeout=10)
                except threading.BrokenBarrierError:
                    return
                statuses[index] = self.save("conflict", "organizations", slug, etag, values[index])

            sides = [threading.Thread(target=side, args=(i,), daemon=True) for i in (0, 1)]
            for thread in sides:
                thread.start()
            for thread in sides:
                thread.join()
            outcomes = [outcome_of(status) for status in statuses]
            with self.lock:
                for value, outcome in zip(values, outcomes, strict=True):
                    self.writes[("organizations", slug)].append((count, value, outcome))
                if "unknown" in outcomes:
                    self.rounds["inconclusive"] += 1
                    continue
                self.rounds["attempted"] += 1
                if sorted(outcomes) == ["acked", "refused"]:
                    self.rounds["refused"] += 1
                elif outcomes == ["acked", "acked"]:
                    self.rounds["both saved"] += 1
                else:
                    self.rounds["both refused"] += 1

    def start(self, readers, writers, pairs):
        def spawn(target, *args):
            thread = threading.Thread(target=target, args=args, daemon=True)
            thread.start()
            self.threads.append(thread)

        spawn(self.health)
        for number in range(readers):
            spawn(self.reader, number)
        for number in range(writers):
            spawn(self.writer, number, self.topics[number::writers])
        for number in range(pairs):
            spawn(self.pair, number, self.organizations[number])

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=REQUEST_TIMEOUT + 15)


def outcome_of(status):
    if status is not None and 200 <= status < 300:
        return "acked"
    if status == 412:
        return "refused"
    return "unknown"  # no answer or an error: it may or may not have been saved


def kill_import(cluster, env, fixture, delay):
    """Start the import, SIGKILL it `delay` s after it began writing; (report, unchanged)."""
    before = fingerprint(cluster)
    started = time.monotonic()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "import_registry", str(fixture), "-v", "0"],
        cwd=ROOT,
        env={**env, "PGAPPNAME": IMPORT_APP},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    writing_at = None
    try:
        with cluster.connect("registry") as connection:
            while process.poll() is None and time.monotonic() - started < 300:
                # A transaction id is given at the first row written.
                row = connection.execute(
                    "SELECT 1 FROM pg_stat_activity"
                    " WHERE application_name = %s AND backend_xid IS NOT NULL",
                    [IMPORT_APP],
                ).fetchone()
                if row:
                    writing_at = time.monotonic()
                    break
                time.sleep(0.05)
        if writing_at is not None:
            time.sleep(delay)
        running = process.poll() is None
        process.kill()
        _, stderr = process.communicate()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with cluster.connect("registry") as connection:  # its server process notices and ends
        for _ in range(300):
            if not connection.execute(
                "SELECT 1 FROM pg_stat_activity WHERE application_name = %s", [IMPORT_APP]
            ).fetchone():
                break
            time.sleep(0.1)
    after = fingerprint(cluster)
    changed = sorted(
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    )
    if writing_at is None or not running:
        report = f"the import was not killed while writing (exit {process.returncode})"
        if stderr.strip():
            report += ": " + stderr.strip().splitlines()[-1]
        return report, False
    report = (
        f"SIGKILL {time.monotonic() - writing_at:.1f} s into its writes "
        f"({writing_at - started:.1f} s after it started)"
    )
    if changed:
        report += "; changed: " + ", ".join(changed)
    return report, not changed


def check_writes(cluster, load, originals):
    """(acknowledged, found, problems): each acknowledged save is in the record's history,
    and each record holds its last acknowledged value (or a later one whose answer was lost)."""
    acknowledged = found = 0
    problems = []
    with cluster.connect("registry") as connection:
        for (model, slug), attempts in sorted(load.writes.items()):
            table = {"topics": "topic", "organizations": "organization"}[model]
            history = {
                row[0]
                for row in connection.execute(
                    f"SELECT name_en FROM initiatives_historical{table} WHERE slug = %s", [slug]
                )
            }
            (current,) = connection.execute(
                f"SELECT name_en FROM initiatives_{table} WHERE slug = %s", [slug]
            ).fetchone()
            acked = [(number, value) for number, value, outcome in attempts if outcome == "acked"]
            acknowledged += len(acked)
            found += sum(value in history for _, value in acked)
            last = acked[-1][0] if acked else 0
            allowed = {acked[-1][1]} if acked else {originals[(model, slug)]}
            allowed |= {v for n, v, outcome in attempts if outcome == "unknown" and n >= last}
            if current not in allowed:
                problems.append(f"{model}/{slug} holds {current!r}, not its last saved value")
    return acknowledged, found, problems


def summarise(load, window, back, down_for, import_report, unchanged, writes, args):
    """Print the figures; return the targets missed."""
    start, end = window

    def inside(answer):
        return answer[0] <= end and answer[1] >= start

    def failed(answer):
        return answer[4] is None or answer[4] >= 500

    def label(status):
        return "no answer" if status is None else str(status)

    def counts(answers):
        counted = Counter(label(a[4]) for a in answers)
        return ", ".join(f"{k}: {v}" for k, v in sorted(counted.items())) or "none"

    answers = load.answers
    outside_failures = [a for a in answers if failed(a) and not inside(a)]
    inside_failures = [a for a in answers if failed(a) and inside(a)]
    # Until the last failure of the outage ended, counted from the database's return.
    recovery = max(0.0, max((a[1] - back for a in inside_failures), default=0.0))
    first_ok = min((a[1] - back for a in answers if a[0] >= back and a[4] == 200), default=None)
    expected = {"read": {200}, "health": {200}, "write": {200}, "conflict": {200, 412}}
    unexpected = [
        a
        for a in answers
        if not inside(a)
        and a[4] is not None
        and a[4] < 500
        and a[4] != 429
        and a[4] not in expected[a[2]]
    ]
    health_back = [
        a[1] - back for a in answers if a[2] == "health" and a[4] == 200 and a[0] >= back
    ]
    health_down = Counter(
        label(a[4]) for a in answers if a[2] == "health" and inside(a) and a[0] < back
    )
    acknowledged, found, problems = writes
    lost = acknowledged - found + len(problems)
    rounds = load.rounds
    elapsed = max(a[1] for a in answers) - min(a[0] for a in answers)

    missed = []
    if outside_failures:
        missed.append("5xx outside the restart window")
    if recovery > RECOVERY_TARGET or any(a[0] > back for a in outside_failures):
        missed.append("recovery")
    if lost:
        missed.append("acknowledged writes lost")
    if not unchanged:
        missed.append("database unchanged after the killed import")
    if not rounds["attempted"] or rounds["refused"] != rounds["attempted"]:
        missed.append("stale saves refused")

    def ok(good):
        return "ok" if good else "MISSED"

    readers, writers, pairs = args.mix
    print(
        f"{args.clients} clients ({readers} readers, {writers} editors, {pairs} pairs saving "
        f"from one ETag) for {args.seconds} s against gunicorn with {args.workers} workers; "
        f"PostgreSQL stopped {down_for:.1f} s"
    )
    print(f"requests: {len(answers)} ({len(answers) / elapsed:.0f}/s)")
    print(f"status counts: {counts(answers)}")
    window_answers = [a for a in answers if inside(a)]
    print(f"  inside the restart window ({end - start:.1f} s): {counts(window_answers)}")
    print(f"  outside it: {counts([a for a in answers if not inside(a)])}")
    if load.errors:
        print(f"  no answer: {', '.join(f'{k}: {v}' for k, v in sorted(load.errors.items()))}")
    print(
        f"5xx or no answer outside the restart window: {len(outside_failures)} "
        f"[target 0] {ok(not outside_failures)}"
    )
    for answer in outside_failures[:10]:
        print(f"  {label(answer[4])} {answer[3]} at {answer[0] - start:+.1f} s from the stop")
    print(
        f"recovery: the last failed request ended {recovery:.1f} s after the database was back "
        f"[target <= {RECOVERY_TARGET:.0f} s] {ok('recovery' not in missed)}"
    )
    if first_ok is not None:
        print(f"  the first request sent after its return succeeded {first_ok:.1f} s after it")
    health = f"  /health/ while the database was down: {counts_text(health_down)}"
    if health_back:
        health += f"; 200 again {max(min(health_back), 0):.1f} s after its return"
    print(health)
    print(
        f"writes acknowledged: {acknowledged}, found afterwards: {found} "
        f"(lost {lost}) [target 0 lost] {ok(not lost)}"
    )
    for problem in problems[:10]:
        print(f"  {problem}")
    print(
        f"database unchanged after the killed import: {'yes' if unchanged else 'no'} "
        f"({import_report}) [target yes] {ok(unchanged)}"
    )
    odd = "".join(
        f"; {kind}: {rounds[kind]}"
        for kind in ("both saved", "both refused", "inconclusive")
        if rounds[kind]
    )
    print(
        f"stale saves refused: {rounds['refused']} of {rounds['attempted']} (two saves from "
        f"one ETag at once: one saved, one 412{odd}) [target 100 %] "
        f"{ok('stale saves refused' not in missed)}"
    )
    print(f"unexpected answers outside the window (not a target): {len(unexpected)}")
    for answer in unexpected[:10]:
        print(f"  {label(answer[4])} {answer[3]}")
    print("targets: " + ("all met" if not missed else "MISSED: " + ", ".join(missed)))
    return missed


def counts_text(counter):
    return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())) or "none"


def fixture_slugs(path):
    """{model: [slug, ...]} of the published records in a fixture."""
    slugs = defaultdict(list)
    for record in json.loads(Path(path).read_text(encoding="utf-8")):
        fields = record["fields"]
        if "slug" in fields and fields.get("is_published", True):
            slugs[record["model"].split(".")[1]].append((fields["slug"], fields.get("name_en")))
    return slugs


def run(args, directory):
    fixtures = sorted(str(path) for path in (ROOT / "fixtures").glob("*.json"))
    seed = defaultdict(list)
    for path in fixtures:
        for model, records in fixture_slugs(path).items():
            seed[model] += records
    readers, writers, pairs = args.mix
    topics = [slug for slug, _ in seed["topic"]]
    organizations = [slug for slug, _ in seed["organization"]][:pairs]
    if len(topics) < writers or len(organizations) < pairs:
        sys.exit("reliability: too few topics or organizations in fixtures/ for the clients")
    originals = {("topics", s): v for s, v in seed["topic"]}
    originals |= {("organizations", s): v for s, v in seed["organization"]}
    initiative = seed["initiative"][0][0]
    reads = [
        "/ru/",
        "/ru/initiatives/",
        f"/ru/initiatives/{initiative}/",
        "/ky/organizations/",
        f"/en/topics/{topics[0]}/",
        "/ru/events/",
        "/ru/feed.atom",
        "/sitemap.xml",
        "/api/v1/initiatives/",
        f"/api/v1/initiatives/{initiative}/",
        f"/api/v1/topics/{topics[-1]}/",
        "/data/registry.zip",
        "/data/csv/initiative.csv",
        f"/data/initiative/{initiative}.json",
    ]

    cluster = Cluster(args.bindir, directory)
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="registry.settings",
        DATABASE_URL=cluster.url("registry"),
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        API_ANON_RATE="1000000/minute",
        API_USER_RATE="1000000/minute",
        MEDIA_ROOT=str(directory / "media"),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(args.workers),
        LOG_LEVEL="WARNING",
    )

    log(f"PostgreSQL cluster on 127.0.0.1:{cluster.port} in {directory}")
    cluster.create()
    with cluster.connect("postgres") as connection:
        connection.execute("CREATE DATABASE registry")
    log("migrate")
    manage(env, "migrate", "--noinput", "-v", "0")
    with cluster.connect("postgres") as connection:
        connection.execute("CREATE DATABASE generated TEMPLATE registry")
    log(f"loaddata {' '.join(Path(f).name for f in fixtures)}; an Editor and its token")
    manage(env, "loaddata", *fixtures, "-v", "0")
    token = manage(env, "shell", "-v", "0", "-c", MAKE_EDITOR).stdout.strip()
    log(f"generate_registry --scale {args.scale} and export_registry, for the import to kill")
    generated = {**env, "DATABASE_URL": cluster.url("generated")}
    manage(generated, "generate_registry", "--scale", str(args.scale), "-v", "0")
    to_import = directory / "generated.json"
    manage(generated, "export_registry", "--output", str(to_import), "-v", "0")
    with cluster.connect("postgres") as connection:
        connection.execute("DROP DATABASE generated")
    log("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    log(f"gunicorn -c gunicorn.conf.py on 127.0.0.1:{port}, {args.workers} workers")
    access = (directory / "gunicorn-access.log").open("w")
    errors = (directory / "gunicorn-error.log").open("w")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=access,
        stderr=errors,
        start_new_session=True,
    )
    CHILDREN.append(server)
    probe = Load(port, token, topics, organizations, reads)
    for _ in range(600):
        if server.poll() is not None:
            sys.exit(f"reliability: gunicorn exited; see {directory / 'gunicorn-error.log'}")
        if probe.request("setup", "GET", "/health/")[0] == 200:
            break
        time.sleep(0.1)
    else:
        sys.exit("reliability: gunicorn did not answer /health/ within 60 s")

    load = Load(port, token, topics, organizations, reads)
    log(f"load: {readers} readers, {writers} editors, {pairs} pairs for {args.seconds} s")
    began = time.monotonic()
    load.start(readers, writers, pairs)

    time.sleep(max(0.0, began + 0.3 * args.seconds - time.monotonic()))
    log("import_registry of the generated registry, to be killed while it writes")
    import_report, unchanged = kill_import(cluster, env, to_import, args.kill_after)
    log(f"import: {import_report}")

    restart_at = max(began + 0.55 * args.seconds, time.monotonic() + 2)
    time.sleep(max(0.0, restart_at - time.monotonic()))
    log(f"PostgreSQL: stop -m fast, {args.down} s down, start")
    stopped = time.monotonic()
    cluster.stop("fast")
    time.sleep(args.down)
    cluster.start()
    back = time.monotonic()
    log(f"PostgreSQL back after {back - stopped:.1f} s")
    if began + args.seconds - back < 10:
        log("warning: less than 10 s of load after the restart")

    time.sleep(max(0.0, began + args.seconds - time.monotonic()))
    log("stopping the load")
    load.finish()
    stop_server(server)
    writes = check_writes(cluster, load, originals)
    window = (stopped, back + RECOVERY_TARGET)
    missed = summarise(load, window, back, back - stopped, import_report, unchanged, writes, args)
    return 1 if missed else 0


def stop_server(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=40)
    with contextlib.suppress(ProcessLookupError):  # its workers too, should any be left
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="client threads, 4 to 64")
    parser.add_argument("--seconds", type=int, default=60, help="of load, 30 to 600")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--down", type=float, default=2.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--scale", type=float, default=0.02, help="of the registry imported")
    parser.add_argument(
        "--kill-after",
        type=float,
        default=0.5,
        help="seconds into the import's writes it is killed",
    )
    parser.add_argument("--logs", type=Path, help="copy gunicorn's and PostgreSQL's logs here")
    args = parser.parse_args()
    if not 4 <= args.clients <= 64 or not 30 <= args.seconds <= 600:
        parser.error("--clients must be 4 to 64 and --seconds 30 to 600")
    if not 1 <= args.workers <= 8 or not 0 <= args.down <= 30 or not 0 < args.scale <= 0.1:
        parser.error("--workers 1 to 8, --down 0 to 30, --scale above 0 and at most 0.1")
    pairs = max(1, args.clients // 10)
    writers = max(1, args.clients // 5)
    args.mix = (args.clients - writers - 2 * pairs, writers, pairs)
    args.bindir = find_bindir()

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    directory = Path(tempfile.mkdtemp(prefix="reliability."))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    status = 1
    try:
        status = run(args, directory)
    except KeyboardInterrupt:
        log("interrupted")
        status = 130
    except subprocess.CalledProcessError as error:
        log(f"failed: {' '.join(map(str, error.cmd))}\n{error.stderr}")
    finally:
        cleanup(directory, args.logs)
    sys.exit(status)


def cleanup(directory, logs):
    for process in [p for p in CHILDREN if p.poll() is None]:
        stop_server(process)
    if (directory / "data" / "postmaster.pid").exists():
        subprocess.run(
            [
                *(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                str(find_bindir() / "pg_ctl"),
                "-D",
                str(directory / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    if logs:
        logs.mkdir(parents=True, exist_ok=True)
        for name in ("gunicorn-access.log", "gunicorn-error.log", "postgresql.log"):
            if (directory / name).exists():
                shutil.copy(directory / name, logs / name)
    shutil.rmtree(directory, ignore_errors=True)


CHILDREN = []

if __name__ == "__main__":
    main()
