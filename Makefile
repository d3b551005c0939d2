# Head Count: every target installs what it needs into a local venv (.venv).
#
#   make lab            JupyterLab on notebooks/00_start_here.ipynb
#   HEADLESS=1 make lab (or NO_BROWSER=1) print the URL, open no browser
#   make test           unit tests, nbval on every notebook (FAST mode), then test-robust
#   make reproduce      reproduce the paper's Table 2 (TABLE=table3, ARGS="--device cuda")
#   make sync           regenerate notebooks/NN_*.ipynb from their .py (keeps outputs)
#   make execute        run every notebook in place, default (non-FAST) sizes
#   make test-robust    nbval-lax on every notebook under emulated other machines and seeds
#                       (ATEN_CPU_CAPABILITY=default|avx2, HEADCOUNT_SEED_OFFSET=1|2); NB=... narrows it
#   make ledger         regenerate the reproduction ledger (README table, docs/ledger.md) from headcount.claims
#   make book           the course as a static website in build/book/html (committed outputs, no re-execution;
#                       MathJax, require.js and the widget manager served by the site: renders offline)
#   make slides         reveal.js decks of every notebook in build/slides (MathJax beside them: offline too)
#   make student        the student edition in build/student (no solutions, exercise cells cleared)
#   make test-browser   the system's Chromium: Run All and every panel in JupyterLab, then the book and a deck
#                       as a reader sees them offline at 1280 px (not part of `make test`)
#   make venv           only create/update the venv

PYTHON     ?= python3
TORCH_SPEC ?= torch>=2.3,<2.14
VENV       ?= .venv
TABLE      ?= table2
ARGS       ?=
NB_TIMEOUT ?= 3600

VPY   := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CACHE := $(CURDIR)/.cache

# Jupyter/IPython/matplotlib config and runtime files stay inside the repo.
JUPYTER_ENV = JUPYTER_PLATFORM_DIRS=1 \
	JUPYTER_CONFIG_DIR="$(CACHE)/jupyter/config" \
	JUPYTER_DATA_DIR="$(CACHE)/jupyter/data" \
	JUPYTER_RUNTIME_DIR="$(CACHE)/jupyter/runtime" \
	IPYTHONDIR="$(CACHE)/ipython" \
	MPLCONFIGDIR="$(CACHE)/matplotlib"
# One torch/OpenMP thread: two threads on a busy 2-core machine can be 20-90x slower.
TEST_ENV = $(JUPYTER_ENV) OMP_NUM_THREADS=1 HEADCOUNT_FAST=1
# The notebook kernels must keep ipykernel's inline backend (figures are outputs
# nbval compares), so MPLBACKEND=Agg is for the unit tests only.
NBVAL_ARGS = --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# Serve the repo root (so jupytext.toml pairs notebooks edited in Lab) and open
# the first notebook; the printed URL then points straight at it. binder/lab-settings makes
# JupyterLab save widget state with the notebook, so a notebook reopened after an (auto)save shows
# each panel's last state (saying it is not connected) instead of "Error displaying widget: model not found".
START_NB := notebooks/00_start_here.ipynb
LAB_FLAGS := --ServerApp.root_dir="$(CURDIR)" --LabApp.app_settings_dir="$(CURDIR)/binder/lab-settings"
ifneq ($(wildcard $(START_NB)),)
LAB_FLAGS += --LabApp.default_url=/lab/tree/$(START_NB)
endif
ifneq ($(filter-out 0 false no,$(HEADLESS) $(NO_BROWSER)),)
LAB_FLAGS += --no-browser
endif
ifeq ($(shell id -u 2>/dev/null),0)
LAB_FLAGS += --allow-root
endif

.PHONY: venv lab test test-robust reproduce sync execute notebooks ledger book slides student test-browser clean-venv

venv: $(STAMP)

$(VPY):
	$(PYTHON) -m venv $(VENV)

# torch first, with an upper bound: an unbounded `torch` can resolve to a
# multi-GB CUDA build; this range takes the CPU wheel where one is on disk.
$(STAMP): pyproject.toml | $(VPY)
	@echo ">> installing into $(VENV) (first time: a few minutes)"
	$(VPY) -m pip install --progress-bar off "$(TORCH_SPEC)"
	$(VPY) -m pip install --progress-bar off -e ".[dev,cluster,book]"
	@$(VPY) -c "import torch; print('>> torch', torch.__version__, '| CUDA build:', torch.version.cuda)"
	@touch $@

lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(LAB_FLAGS)

test: $(STAMP)
	@mkdir -p "$(CACHE)"
	env $(TEST_ENV) MPLBACKEND=Agg $(VPY) -m pytest -q tests
	env -u MPLBACKEND $(TEST_ENV) $(VPY) -m pytest -q $(NBVAL_ARGS) notebooks/*.ipynb
	$(MAKE) --no-print-directory test-robust

# Every notebook assert must hold on other CPUs (other kernels round differently) and other seeds.
# Each perturbation runs nbval-lax (asserts only, outputs not compared) in FAST mode; ROBUST_JOBS
# perturbations run at once (one torch thread each).
NB ?= notebooks/[0-9][0-9]_*.ipynb
PERTURBATIONS ?= ATEN_CPU_CAPABILITY=default ATEN_CPU_CAPABILITY=avx2 HEADCOUNT_SEED_OFFSET=1 HEADCOUNT_SEED_OFFSET=2
ROBUST_JOBS ?= 2
test-robust: $(STAMP)
	@mkdir -p "$(CACHE)/robust"
	@printf '%s\n' $(PERTURBATIONS) | xargs -P $(ROBUST_JOBS) -I{} sh -c \
		'env -u MPLBACKEND $(TEST_ENV) {} $(VPY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env \
		$(NB) > "$(CACHE)/robust/{}.log" 2>&1; echo "$$? {}" >> "$(CACHE)/robust/summary"' ; \
	echo "perturbation | result"; fail=0; \
	for p in $(PERTURBATIONS); do \
		rc=$$(grep " $$p$$" "$(CACHE)/robust/summary" | tail -1 | cut -d' ' -f1); \
		line=$$(tail -1 "$(CACHE)/robust/$$p.log"); echo "$$p | $$line"; \
		[ "$$rc" = 0 ] || { fail=1; grep -E "^(FAILED|ERROR)" "$(CACHE)/robust/$$p.log" | sed 's/^/    /'; }; \
	done; rm -f "$(CACHE)/robust/summary"; exit $$fail

reproduce: $(STAMP)
	$(VPY) -m headcount reproduce $(TABLE) $(ARGS)

# Regenerate each .ipynb from its reviewed .py, keeping outputs. Never use
# `jupytext --sync` here: it trusts file times, which are arbitrary after a clone.
sync: $(STAMP)
	@mkdir -p "$(CACHE)"
	@set -e; for py in notebooks/[0-9][0-9]_*.py; do \
		[ -e "$$py" ] || { echo "no notebooks/NN_*.py found" >&2; exit 1; }; \
		echo ">> $$py"; \
		env $(JUPYTER_ENV) $(VENV)/bin/jupytext --to ipynb --update --set-kernel python3 "$$py"; \
	done

# Execute every notebook in place at default (non-FAST) sizes so the committed
# .ipynb carry outputs. Run `make sync` first.
execute: $(STAMP)
	@mkdir -p "$(CACHE)"
	env -u HEADCOUNT_FAST -u CI -u MPLBACKEND $(JUPYTER_ENV) OMP_NUM_THREADS=1 \
		$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=$(NB_TIMEOUT) --ExecutePreprocessor.kernel_name=python3 \
		notebooks/[0-9][0-9]_*.ipynb

# Both steps, in order: regenerate from .py, then execute.
notebooks:
	$(MAKE) sync
	$(MAKE) execute

# The reproduction ledger: README.md's table and docs/ledger.md, from the registry, the notebooks'
# claims.check asserts and data/results (tests/test_claims.py fails when they are stale).
ledger: $(STAMP)
	env OMP_NUM_THREADS=1 $(VPY) -m headcount.ui.ledger --write

# The course as a website: Sphinx + MyST-NB over the committed notebooks (never executed), offline.
book: $(STAMP)
	env $(JUPYTER_ENV) OMP_NUM_THREADS=1 $(VPY) tools/book.py --out build/book

# reveal.js decks (reveal.js, MathJax, require.js and the widget manager from npm into .cache/vendor once;
# CDNs without npm).
slides: $(STAMP)
	env $(JUPYTER_ENV) $(VPY) tools/slides.py --out build/slides

# The student edition: solution cells removed, exercise outputs cleared.
student: $(STAMP)
	$(VPY) tools/student.py --out build/student

# Widgets in a real browser: Playwright (no browser download) drives the OS's Chromium
# (apt-get install chromium); skips with one line without it. BROWSER_FAST=1 runs the notebooks
# in FAST mode; BROWSER_NB=05 narrows to notebooks whose name starts so. It also runs `make book` and
# `make slides` and reads every book page and notebook 07's deck offline. Screenshots: .cache/browser/.
test-browser: $(STAMP)
	@mkdir -p "$(CACHE)/browser"
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(VPY) -m pip install --progress-bar off -q -e ".[browser]"
	env $(JUPYTER_ENV) OMP_NUM_THREADS=1 HEADCOUNT_BROWSER_TEST=1 $(VPY) -m pytest -q -s -rs -p no:cacheprovider tests/test_browser.py

clean-venv:
	rm -rf $(VENV)
