# The two commands README promises: `make lab` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
START := modules/00-kom-godt-i-gang.ipynb
# pip here prints harmless "Location ... is ignored" lines; keep logs readable.
PIPQ := grep -v -e 'is ignored' -e '^$$' || true
# JupyterLab refuses to run as root without this (containers, CI); Voila has no such flag.
ROOTFLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# Extra flags for the servers, e.g. make lab LAB_ARGS="--ServerApp.port=8890 --no-browser".
LAB_ARGS ?=
VOILA_ARGS ?=

.PHONY: lab test bench env env-test voila clean-env

lab: env ## Opret miljøet og åbn kurset i JupyterLab
	$(BIN)/jupyter lab $(ROOTFLAG) --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" $(LAB_ARGS) "$(START)"

# Voila reads its template and extension denylist from the env's voila.json (labconfig).
voila: env ## Åbn kurset som app uden kode (Voilà)
	$(BIN)/voila --Voila.ip=127.0.0.1 $(VOILA_ARGS) modules/

test: env-test ## Installér alt til testene og kør hele testsuiten
	bash tools/ensure-chromium
	bash tools/ensure-hub-deps
	bash tools/ensure-postgres
	bash tools/ensure-sandbox
	$(BIN)/python -m pytest -n 2

bench: env-test ## Mål tid og hukommelse, også når en hel klasse åbner et modul (docs/benchmarks.md)
	bash tools/ensure-sandbox
	$(BIN)/python tools/bench/run.py $(BENCH_ARGS)

env: $(VENV)/.installed
env-test: $(VENV)/.installed-test

# The Voila template and a11y.css are copied into the env: a change must reach it.
$(VENV)/.installed: pyproject.toml src/digileder/labconfig.py $(wildcard src/digileder/voila_template/*/*)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e . 2>&1 | $(PIPQ)
	$(BIN)/python -m digileder.labconfig
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]" 2>&1 | $(PIPQ)
	touch $@

clean-env:
	rm -rf $(VENV)
