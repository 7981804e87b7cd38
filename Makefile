# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local runs use DEBUG so the demo loader is allowed and static files are served from static/.
DEV_ENV := DEBUG=1

.PHONY: run test check install demo bench bench-scale loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalls only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Test-only tools from npm: the Nu Html Checker and axe-core (versions fixed in package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

install: $(VENV)/.installed

demo: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py load_demo

# Static files as readers get them: collected, compressed, hashed and cached far into the future.
run: demo
	$(DEV_ENV) STATIC_COMPRESSED=1 $(BIN)/python manage.py collectstatic --no-input -v 0
	@echo "summitblog: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(DEV_ENV) STATIC_COMPRESSED=1 SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Static checks CI runs before the tests (the tools of .pre-commit-config.yaml, from the project's
# environment): lint and format, django-upgrade, template indentation (djhtml), security lint
# (bandit, medium and high severity), Django's system checks and no model change without its migration.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	git ls-files -z '*.py' | xargs -0 $(BIN)/django-upgrade --target-version 5.2
	$(BIN)/djhtml --check templates
	$(BIN)/bandit -q -r reports summitblog bench -x reports/migrations -ll
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles test-artifacts

# Load test (PostgreSQL at 127.0.0.1:5432, gunicorn, locust): see README, "Load test".
loadtest: install
	$(BIN)/python bench/loadtest.py

# Benchmark (PostgreSQL at 127.0.0.1:5432, Redis at 127.0.0.1:6379, gunicorn, wrk from Debian): see README, "Performance".
bench: install
	@command -v wrk >/dev/null || { echo "== installing wrk (apt)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk; else sudo apt-get install -y -q wrk; fi; }
	$(BIN)/python bench/run_bench.py

# The from-scratch rows at 100,000 reports beside 10,000 (not in CI: generating takes a few minutes;
# PostgreSQL and Redis as for bench): see README, "Performance".
bench-scale: install
	$(BIN)/python bench/run_bench_scale.py
