# Build and test commands. `make run` starts the dev server, `make test` checks everything.
PY := .venv/bin/python
PYTEST_ARGS ?=
FIXTURES := $(sort $(wildcard fixtures/*.json))

.PHONY: venv run test test-sqlite test-postgres lint superuser clean

# Create .venv (if missing) and install the project with its test extra.
.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	.venv/bin/pip install -e ".[test]"
	touch $@

# Install dependencies only.
venv: .venv/.installed

# Migrate, load fixtures/*.json in sorted order, serve on 127.0.0.1:8000.
run: export DEBUG := true
run: .venv/.installed
	$(PY) manage.py migrate --noinput
	$(if $(FIXTURES),$(PY) manage.py loaddata $(FIXTURES))
	$(PY) manage.py runserver 127.0.0.1:8000

# Lint, migration check, then the suite on SQLite and on PostgreSQL 15.
test: .venv/.installed
	$(PY) -m ruff check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	@echo "== Test suite on SQLite =="
	$(PY) -m pytest $(PYTEST_ARGS)
	@echo "== Test suite on PostgreSQL 15 =="
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# Test suite on the embedded SQLite database.
test-sqlite: .venv/.installed
	@echo "== Test suite on SQLite =="
	$(PY) -m pytest $(PYTEST_ARGS)

# Test suite on a throwaway PostgreSQL 15 cluster.
test-postgres: .venv/.installed
	@echo "== Test suite on PostgreSQL 15 =="
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# Static checks (ruff check only).
lint: .venv/.installed
	$(PY) -m ruff check .

# Create an admin account in the local database.
superuser: .venv/.installed
	DEBUG=true $(PY) manage.py createsuperuser

# Remove the venv, local database and test/lint artifacts.
clean:
	rm -rf .venv db.sqlite3 test-artifacts .pytest_cache .ruff_cache *.egg-info build
