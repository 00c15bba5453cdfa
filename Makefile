# The two front doors: `make demo` and `make test`. Both set everything up from nothing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= .dyad/demo-store
SHARED ?= ../shared

.PHONY: demo test install chromium neo4j-fetch fuseki-fetch clean bench

$(BIN)/dyad: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# -qq: setuptools' notice about editable installs is not news; errors still show
	$(BIN)/pip install -qq -e '.[test]'
	@touch $(BIN)/dyad

install: $(BIN)/dyad

demo: install
	rm -rf $(STORE)
	$(BIN)/dyad --store $(STORE) load examples/
	@# The seed article itself, through the news loader, when the shared folder is beside the checkout.
	if [ -f $(SHARED)/seed/pyongyang-beijing-train.txt ]; then \
	  $(BIN)/dyad --store $(STORE) load $(SHARED)/seed/pyongyang-beijing-train.txt --loader news \
	    --title "Pyongyang-Beijing train service may soon restart"; fi
	$(BIN)/dyad --store $(STORE) validate
	$(BIN)/dyad --store $(STORE) trajectory PRK CHN --by year --since 2017-01-01 --plot out/prk-chn-trajectory.png
	$(BIN)/dyad --store $(STORE) trajectory PRK CHN --by quarter --since 2017-10-01 --until 2020-12-31 --format csv --plot out/prk-chn-trajectory.html
	$(BIN)/dyad --store $(STORE) query sparql events-of-dyad --param countryA=PRK --param countryB=CHN

test: install chromium neo4j-fetch fuseki-fetch
	$(BIN)/python -m pytest -q

# The browser tests need Chromium: installed once here (Debian's package, as root), never by the tests.
chromium:
	sh scripts/install-chromium.sh

neo4j-fetch: install
	$(BIN)/python -c "from dyad.neo4j.server import fetch_neo4j; print(fetch_neo4j())"

# Apache Jena Fuseki for the store-contract tests (Maven Central, once, into the same cache).
fuseki-fetch: install
	$(BIN)/python -c "from dyad.store.servers import fetch_fuseki; print(fetch_fuseki())"

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .dyad out .pytest_cache
