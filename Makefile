PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo sessions test lint bench clean

$(BIN)/nhacviec: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/nhacviec

# `make demo RESET=1` starts afresh (nhacviec demo --reset)
demo: $(BIN)/nhacviec
	$(BIN)/nhacviec demo $(if $(RESET),--reset)

# docs/sessions/<role>.md again from the demo (a fresh database, the demo's fixed clock)
sessions: $(BIN)/nhacviec
	$(BIN)/python docs/sessions/record.py

# the suite on one pytest-xdist worker per core, tests handed out a few at a time (measured: as quick as
# --dist loadfile, 0.62 of the serial time on 2 cores); serially: .venv/bin/python -m pytest -q.
# Bytecode is written (into the ignored __pycache__ folders) even where PYTHONDONTWRITEBYTECODE is set:
# without it every xdist worker compiles the project and rewrites every test module and pytest plugin
# again (3 of its 5 s of collecting), and so does each `nhacviec` process a test starts (0.1 of its 0.5 s).
test: $(BIN)/nhacviec
	$(BIN)/ruff check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --dist load

lint: $(BIN)/nhacviec
	$(BIN)/ruff check .

bench: $(BIN)/nhacviec
	# every script in bench/ but scale.py, the benchmark databases' generator the others import
	for b in $(basename $(notdir $(filter-out bench/scale.py,$(wildcard bench/*.py)))); do $(BIN)/python -m bench.$$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
