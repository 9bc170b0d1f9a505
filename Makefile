# Dossier: the two commands a new user needs are `make run` and `make test`.
# Everything the build and tests need is installed by `make setup` (idempotent).

SHELL := /bin/bash
# One target dir outside the clone, so later runs on the same machine reuse the build.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/dossier/target
SAMPLES ?= ../shared/samples/articles
LIBRARY ?= $(HOME)/.local/share/dossier/library.sqlite

.PHONY: run test setup setup-core disk-room test-core lint cli demo bench
.PHONY: setup-app setup-system setup-node setup-driver ui app test-ui test-gui deb

## Build and open the app (installs what is missing first).
run: setup app
	$(APP_BIN)

## Every test: core unit/e2e tests, lints, UI unit tests, the GUI test in the real app.
test: setup app test-core lint test-ui test-gui

setup: setup-core setup-app

## Rust toolchain components the checks use, and room to build.
setup-core:
	@command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs"; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt
	@$(MAKE) --no-print-directory disk-room

# A full disk shows up halfway through as a linker crash ("Bus error"): say so
# up front, and drop the incremental caches, which cargo remakes when needed.
DISK_NEEDED_GB := 5
disk-room:
	@mkdir -p "$(CARGO_TARGET_DIR)"; \
	free=$$(df -Pk "$(CARGO_TARGET_DIR)" | awk 'NR==2 {print int($$4 / 1048576)}'); \
	if [ "$$free" -lt $(DISK_NEEDED_GB) ]; then \
		echo "warning: $$free GB free for $(CARGO_TARGET_DIR); a build from scratch needs about $(DISK_NEEDED_GB) GB."; \
		echo "         Removing its incremental caches; if the build still fails, free some disk."; \
		rm -rf "$(CARGO_TARGET_DIR)"/debug/incremental; \
	fi

# The workspace includes the app, whose build embeds ui/dist: build the UI first.
test-core: ui
	cargo test --workspace --all-targets

lint: ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

cli:
	cargo build --release -p dossier-cli

demo: cli
	$(CARGO_TARGET_DIR)/release/dossier --library "$(LIBRARY)" import $(SAMPLES)
	$(CARGO_TARGET_DIR)/release/dossier --library "$(LIBRARY)" list

bench: cli
	$(CARGO_TARGET_DIR)/release/dossier bench --articles 10000

# ---------------------------------------------------------------- desktop app
# The app is src-tauri/ (Rust, Tauri v2) around ui/ (TypeScript, Vite). One
# debug build serves `make run` and the GUI test; `make deb` is the release bundle.

APP_BIN := $(CARGO_TARGET_DIR)/debug/dossier-app
# Debian packages the app builds against, and what the GUI test runs under.
SYSTEM_PACKAGES := libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev pkg-config xvfb xauth webkit2gtk-driver \
	poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/tsconfig.json

setup-app: setup-system setup-node setup-driver

## System libraries (WebKitGTK, ...) and the GUI test's display and driver; installs only what is missing.
setup-system:
	@command -v dpkg >/dev/null || { echo "not a Debian system: install the WebKitGTK 4.1 build dependencies by hand (see README)"; exit 0; }; \
	missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

## Node packages: the Tauri CLI and WebDriver client (root), the frontend's (ui/).
setup-node: node_modules/.package-lock.json ui/node_modules/.package-lock.json

# No install scripts are needed; skipping them keeps npm from downloading browser drivers.
# @tauri-apps/cli is pinned to a release whose platform packages all exist on the
# registry this project uses, so that the lock file is complete and `npm ci` works.
node_modules/.package-lock.json: package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20.19+ with npm is required"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund

ui/node_modules/.package-lock.json: ui/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20.19+ with npm is required"; exit 1; }
	cd ui && npm ci --ignore-scripts --no-audit --no-fund

## tauri-driver bridges WebDriver to the app's webview (GUI tests only).
setup-driver:
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked

## The frontend, built into ui/dist (embedded into the app at compile time).
ui: ui/dist/index.html

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES) icons/128x128.png
	cd ui && npm run build

## The desktop app binary (debug build; dependencies are optimised, see Cargo.toml).
app: ui
	cargo build -p dossier-app

## UI unit tests (vitest) and type check.
test-ui: ui/node_modules/.package-lock.json
	cd ui && npm run typecheck && npm test

## The real app under Xvfb, driven through tauri-driver + WebKitWebDriver.
test-gui: app
	DOSSIER_APP="$(APP_BIN)" DOSSIER_SAMPLES="$(abspath $(SAMPLES))" \
		xvfb-run -a -s "-screen 0 1440x960x24" node --test --test-concurrency=1 tests/gui/app.test.mjs tests/gui/security.test.mjs

## A .deb package of the app (release build): target/release/bundle/deb/.
deb: setup ui
	npx tauri build --bundles deb
