# The two commands README promises: `make lab` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
START := modules/00-kom-godt-i-gang.ipynb
# pip here prints harmless "Location ... is ignored" lines; keep logs readable.
PIPQ := grep -v -e 'is ignored' -e '^$$' || true
# Jupyter refuses to run as root without this (containers, CI).
ROOTFLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test bench env env-test voila clean-env

lab: env ## Opret miljøet og åbn kurset i JupyterLab
	$(BIN)/jupyter lab $(ROOTFLAG) --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" "$(START)"

voila: env ## Åbn kurset som app uden kode (Voilà)
	$(BIN)/voila $(ROOTFLAG) --Voila.ip=127.0.0.1 modules/

test: env-test ## Installér alt til testene og kør hele testsuiten
	bash tools/ensure-chromium
	bash tools/ensure-hub-deps
	bash tools/ensure-postgres
	$(BIN)/python -m pytest

bench: env-test ## Mål tid og hukommelse (docs/benchmarks.md); tager ca. 11 min
	$(BIN)/python tools/bench/run.py $(BENCH_ARGS)

env: $(VENV)/.installed
env-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml src/digileder/labconfig.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e . 2>&1 | $(PIPQ)
	$(BIN)/python -m digileder.labconfig
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]" 2>&1 | $(PIPQ)
	touch $@

clean-env:
	rm -rf $(VENV)
