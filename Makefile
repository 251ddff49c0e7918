# cleaner: every target installs what it needs into .venv first (idempotent).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= corpus/raw
OUT    ?= corpus/clean
EVAL   ?= ../shared/eval

.PHONY: install test clean-corpus golden-update eval bench adversarial clean

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'  # the dask engine's tests run in CI too
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean-corpus: $(STAMP)
	$(BIN)/cleaner clean $(CORPUS) -o $(OUT)

# Rewrites golden/*/expected.* from the current code and still fails: review `git diff golden/`.
golden-update: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden

# Dev only: scores the three tiers of the development set (needs ../shared/eval) and prints
# the table (precision, recall, F1, seconds and docs/s per tier). EVAL_ARGS="--limit 100"
# for a quick look, "--json eval.json" for per-document counts; EVAL_JOBS workers.
EVAL_JOBS ?= 1
EVAL_ARGS ?=
eval: $(STAMP)
	@test -f $(EVAL)/score.py || { echo "make eval: $(EVAL)/score.py not found: the development set (../shared/eval) is not part of a user's clone, so there is nothing to score." >&2; exit 2; }
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python $(EVAL)/score.py --cmd 'cleaner clean -q --jobs $(EVAL_JOBS) {in} -o {out}' --name cleaner $(EVAL_ARGS)

# Speed against the naive ftfy+langdetect floor, trafilatura.extract and the I/O floor, from one
# run. Uses $(EVAL)/dev when present, else a generated corpus. BENCH_ARGS="--quick" for a short
# run; "--json bench.json" to keep the figures.
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m cleaner.bench --data $(EVAL)/dev $(BENCH_ARGS)

# Each adversarial input (tests/adversarial/cases.py) through `cleaner clean`: status, time,
# peak memory. The same cases run as tests in `make test`.
adversarial: $(STAMP)
	$(BIN)/python -m tests.adversarial.measure

clean:
	rm -rf $(VENV) *.egg-info $(OUT)
