PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/nhacviec: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/nhacviec

demo: $(BIN)/nhacviec
	$(BIN)/nhacviec demo

test: $(BIN)/nhacviec
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(BIN)/nhacviec
	$(BIN)/ruff check .

bench: $(BIN)/nhacviec
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
