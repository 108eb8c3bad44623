# Build and test commands. `make run` starts the registry, `make test` checks everything.
PY := .venv/bin/python
PYTEST_ARGS ?=
FIXTURES := $(sort $(wildcard fixtures/*.json))
# Compiled translations (ru, ky): built from the committed .po files, not committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: venv run serve production-environment test test-sqlite test-postgres lint superuser clean

# Create .venv (if missing) and install the project with its test extra, and pyIATI for the
# official IATI 2.03 schemas and code lists tests/test_iati.py validates against: only its
# files are read, and its pinned dependencies do not build on Python 3.11, so it comes without.
.venv/.installed: pyproject.toml
	scripts/system-packages venv
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	$(PY) -m pip install -q --no-deps pyIATI==0.4.1
	touch $@

# Install dependencies only.
venv: .venv/.installed

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po .venv/.installed
	scripts/system-packages gettext
	$(PY) manage.py compilemessages --ignore=.venv -l $*

# Migrate, load fixtures/*.json in sorted order, serve on 127.0.0.1:8000.
run: export DEBUG := true
run: .venv/.installed $(MO_FILES)
	$(PY) manage.py migrate --noinput
	$(if $(FIXTURES),$(PY) manage.py loaddata $(FIXTURES))
	$(PY) manage.py runserver 127.0.0.1:8000

# Production mode, DEBUG off: migrate, collect the static files, serve with gunicorn
# (gunicorn.conf.py: BIND, WEB_CONCURRENCY). Refused before anything runs without SECRET_KEY.
serve: export DEBUG := false
serve: production-environment .venv/.installed $(MO_FILES)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) -m gunicorn -c gunicorn.conf.py

production-environment:
	@if [ -z "$$SECRET_KEY" ]; then \
		echo "make serve: SECRET_KEY is not set. Production mode needs a secret key of its own," \
			"e.g. SECRET_KEY=\"\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\"," \
			"and ALLOWED_HOSTS and DATABASE_URL: see 'Serving in production' in README.md." >&2; \
		exit 1; \
	fi

# Lint, migration check, then the suite on SQLite and on PostgreSQL 15.
test: lint test-sqlite test-postgres

# Test suite on the embedded SQLite database, browser tests in Debian's Chromium included.
test-sqlite: .venv/.installed $(MO_FILES)
	scripts/system-packages chromium redis
	@echo "== Test suite on SQLite =="
	$(PY) -m pytest $(PYTEST_ARGS)

# Test suite on a throwaway PostgreSQL 15 cluster, started and stopped by scripts/with-postgres.
# The browser tests run once, above: what they check (pages, clicks, languages) is the same
# on either database, and the page content is tested on both by tests/test_pages.py.
test-postgres: .venv/.installed $(MO_FILES)
	scripts/system-packages redis
	@echo "== Test suite on PostgreSQL 15 =="
	scripts/with-postgres $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# Static checks: ruff, and no model change without its migration.
lint: .venv/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Create an admin account in the local database.
superuser: .venv/.installed
	$(PY) manage.py createsuperuser

# Remove the venv, local database and test/lint artifacts.
clean:
	rm -rf .venv db.sqlite3 var test-artifacts .pytest_cache .ruff_cache *.egg-info build $(MO_FILES)
