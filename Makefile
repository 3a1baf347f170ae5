# One command per task. `make serve` and `make test` set everything up first on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KB     := $(VENV)/bin/kb
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup browser nginx serve build check test lint lint-js lock clean bench

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	$(PY) -m compileall -q search build_tools  # byte-compiled as an install would be: a faster kb start
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else echo "Install Node.js and npm: sudo apt-get install nodejs npm" >&2; exit 1; fi; }
	npm ci --no-audit --no-fund
	touch $@

# Debian's chromium, for the real-browser tests (Playwright drives it; it never downloads one).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Debian's nginx, for the deployment test (tests/test_nginx_deploy.py runs the real binary on
# loopback; README "Deployment on an intranet").
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	  else echo "Install Debian's nginx: sudo apt-get install nginx" >&2; exit 1; fi; }

build: setup
	$(KB) build

serve: build
	$(KB) serve --host $(HOST) --port $(PORT)

check: setup
	$(KB) check

lint: setup lint-js
	$(VENV)/bin/ruff check build_tools search tests
	$(VENV)/bin/mypy

# The site's own scripts, with eslint (pinned in package.json; config in eslint.config.mjs).
lint-js: node_modules/.installed
	npx --no-install eslint docs/assets/javascripts

bench: setup
	$(PY) -m compileall -q search build_tools
	$(PY) -m build_tools.bench

test: setup browser nginx lint-js
	$(VENV)/bin/ruff check build_tools search tests
	$(VENV)/bin/mypy
	$(PY) -m pytest

lock:
	$(PY) -m pip freeze --exclude-editable | grep -v '^cps-social-media-kb' > requirements.lock.new
	{ echo "# Exact versions of every Python package (direct and transitive), used as pip constraints."; \
	  echo "# Regenerate with: make lock"; cat requirements.lock.new; } > requirements.lock
	rm requirements.lock.new

clean:
	rm -rf site .kb .site.* $(VENV) node_modules
