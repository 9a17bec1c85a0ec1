# Scan station: every target installs what it is missing first, so a fresh Debian machine needs nothing by hand.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTEST_ARGS ?=

.PHONY: run test bench soak model deb system venv translations lint clean help

help:
	@echo "make run    - install what is missing and start the station (virtual scanner, sample mail)"
	@echo "make test   - install what is missing and run the whole test suite"
	@echo "make bench  - side-by-side benchmarks (writes bench/results.json)"
	@echo "make soak   - a simulated mailroom day with fault injection"
	@echo "make model  - retrain the shipped classifier"
	@echo "make deb    - build the Debian package"

system:
	@bash installer/system-deps.sh

$(STAMP): pyproject.toml | system
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $@

venv: system $(STAMP)

translations: venv
	@if ls resources/translations/*.ts >/dev/null 2>&1; then \
	  for ts in resources/translations/*.ts; do \
	    $(VENV)/bin/pyside6-lrelease -silent "$$ts" -qm "$${ts%.ts}.qm"; done; fi

lint: venv
	@$(VENV)/bin/lint-imports
	@$(VENV)/bin/ruff check --quiet station ui tests bench
	@$(VENV)/bin/mypy

run: venv translations
	@bash installer/run.sh $(VENV)

test: venv translations lint
	@QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: venv
	@$(PY) bench/run.py

soak: venv
	@$(PY) bench/soak.py

model: venv
	@$(PY) -m station.classify.train --no-store --no-central  # the shipped model: corpus + training letters only

deb: venv translations
	@bash installer/build-deb.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache

# The central side for a first look: throw-away PostgreSQL, demo departments and clerks, the sample
# mail sent through a demo desk, the department inbox on http://127.0.0.1:8088/ (tools/run_central.py).
.PHONY: run-central
run-central: venv
	@$(PY) tools/run_central.py
