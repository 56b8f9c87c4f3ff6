# Ruamjai: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app scheduler_app
TRANSLATIONS := scheduler_app/translations
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000
# pytest-xdist workers for `make test` (auto: one per CPU core).
TEST_WORKERS ?= auto

.PHONY: run test lint audit format catalog _catalog extract translations bench fonts map-vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

.stamp-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ .stamp-install

%.mo: %.po | $(BIN)/python
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(MO_FILES)

run: .stamp-install translations
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

test: .stamp-dev translations
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: .stamp-dev
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --check --no-cache .
	$(BIN)/mypy
	$(BIN)/bandit -q -c pyproject.toml -r scheduler_app config.py gunicorn.conf.py

# Known vulnerabilities with a fix available in the installed dependencies (needs the
# network; skips with a message when the vulnerability service cannot be reached).
audit: .stamp-dev
	$(BIN)/python -m tools.audit

format: .stamp-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Pull new strings from the code into the catalogues (then translate the th one).
extract: .stamp-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot --no-location --sort-output --project=Ruamjai .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete --no-wrap
	$(BIN)/python -m tools.i18n fill-en
	$(BIN)/python -m tools.i18n check || true

# Extract, merge the Thai fragments in translations/fragments/, fill English, compile.
# flock keeps several people running it at once from clobbering the catalogues.
catalog: .stamp-dev
	flock /tmp/ruamjai-i18n.lock $(MAKE) --no-print-directory _catalog

_catalog:
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot --no-location --sort-output --project=Ruamjai . 2>/dev/null
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete --no-wrap 2>/dev/null
	$(BIN)/python -m tools.i18n fill-en
	$(BIN)/python -m tools.i18n merge $(wildcard $(TRANSLATIONS)/fragments/*.po)
	for po in $(TRANSLATIONS)/*/LC_MESSAGES/messages.po; do $(BIN)/pybabel compile -i $$po -o $${po%.po}.mo 2>/dev/null; done
	$(BIN)/python -m tools.i18n check || true

bench: .stamp-dev translations
	$(BIN)/python -m benchmarks.run

# Refresh the vendored Sarabun files from the @fontsource/sarabun registry package.
fonts:
	rm -rf .fonts-tmp && mkdir .fonts-tmp && cd .fonts-tmp && npm pack --silent @fontsource/sarabun@5.3.0 && tar xzf fontsource-sarabun-*.tgz
	for f in thai-400-normal thai-700-normal latin-400-normal latin-700-normal thai-400-italic latin-400-italic; do \
	  cp .fonts-tmp/package/files/sarabun-$$f.woff2 static/fonts/; done
	cp .fonts-tmp/package/LICENSE static/fonts/OFL-Sarabun.txt
	rm -rf .fonts-tmp

# Refresh the vendored Leaflet and Leaflet.markercluster files from their npm packages
# (versions pinned in package.json / package-lock.json); licence files travel with them.
map-vendor:
	npm ci --no-audit --no-fund
	rm -rf static/vendor/leaflet static/vendor/leaflet.markercluster
	mkdir -p static/vendor/leaflet/images static/vendor/leaflet.markercluster
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
	   node_modules/leaflet.markercluster/MIT-LICENCE.txt static/vendor/leaflet.markercluster/
	chmod 644 static/vendor/leaflet/*.* static/vendor/leaflet/LICENSE static/vendor/leaflet.markercluster/*

clean:
	rm -rf $(VENV) .stamp-install .stamp-dev $(MO_FILES)

# Browser tests (tests/browser) need axe-core from npm and Debian's Chromium. Never fails:
# without them those tests skip with a message. Installs Chromium only as root with apt.
.PHONY: browser-deps
browser-deps:
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null 2>&1; then \
	    npm ci --no-audit --no-fund || echo "browser-deps: npm ci failed; browser tests will skip"; \
	  else echo "browser-deps: npm is missing; browser tests will skip"; fi; \
	fi
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      || echo "browser-deps: could not install chromium; browser tests will skip"; \
	  else echo "browser-deps: chromium is missing (needs root and apt-get); browser tests will skip"; fi; \
	fi
