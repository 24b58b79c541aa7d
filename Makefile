# nav-placement: the two commands a new user needs are `make build` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Telemetry is switched off by the nav-placement CLI and the tests (nav_placement.paths.TELEMETRY_OFF).

.PHONY: build test app venv clean docs r-golden

## venv: create .venv and install the pinned dependencies (constraints.txt pins the whole set)
$(BIN)/nav-placement: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(BIN)/nav-placement

venv: $(BIN)/nav-placement

## build: demo deliveries -> ingest -> dbt build -> Python steps -> publish the serving copy
build: venv
	$(BIN)/nav-placement run

## test: every test (pytest builds what it needs in temporary directories)
test: venv
	$(BIN)/python -m pytest

## app: Streamlit on the serving copy
app: venv
	$(BIN)/nav-placement app

## docs: dbt docs for the marts
docs: venv
	$(BIN)/nav-placement dbt docs generate

clean:
	rm -rf data target logs

## r-golden: regenerate the R survey-package reference estimates (needs Debian's r-base-core, r-cran-survey)
r-golden:
	Rscript tests/r/survey_reference.R
	Rscript tests/r/office_fpc_reference.R
