# The two commands of the README: `make demo` and `make test`.
# Each creates .venv and installs kg into it on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test system-deps bench screenshots clean

demo: $(VENV)/.installed
	$(BIN)/kg build seeds -o output

test: $(VENV)/.installed system-deps
	$(BIN)/python -m pytest -q

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# Debian packages the browser tests need: Chromium and a CJK font.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk fontconfig; \
	fi

bench: $(VENV)/.installed
	$(BIN)/python -m kg bench

# the README's pictures of the seeds' graph page (docs/graph-1440.png, docs/graph-390.png)
screenshots: $(VENV)/.installed system-deps
	$(BIN)/python docs/screenshots.py docs

clean:
	rm -rf $(VENV) output/*.jsonl output/*.html output/*.graphml output/*.gexf output/*.csv output/*.json
