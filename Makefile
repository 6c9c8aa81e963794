# CSRR publishing toolchain. `make` builds every report; `make test` tests.
# `make help` lists every target. Make owns the build graph: it decides what
# is stale, and nothing else re-implements that.

#################################################################################
# GLOBALS                                                                       #
#################################################################################

SHELL := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CSRR := $(PY) -m csrr
# Data folder: `make DATA=path/to/folder` overrides params/common.yml.
DATA ?= $(shell sed -n 's/^data_dir: *//p' params/common.yml)
# Rendering engine: pandoc (built-in, default), quarto, or auto.
ENGINE ?= pandoc
# Not _build: Quarto never takes its inputs from a folder starting with "_".
BUILD := build
OUT := $(BUILD)/out

# A stamp that changes only when DATA changes, so switching data rebuilds.
# Only goals that build documents write it, so `make validate DATA=...` (or
# params, test, lint...) never marks a build stale.
NO_BUILD_GOALS := validate params test lint help install lock clean words bench style preview
ifneq ($(filter-out $(NO_BUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
$(shell mkdir -p $(BUILD) && (echo '$(DATA)' | cmp -s - $(BUILD)/.data || echo '$(DATA)' > $(BUILD)/.data))
endif

# Notebooks, their variants, and what each one reads from other strands.
NB_strand1 := strands/strand1_evidence_review.ipynb
NB_strand2 := strands/strand2_case_studies.ipynb
NB_strand3 := strands/strand3_national_mapping.ipynb
NB_strand4 := strands/strand4_workforce_survey.ipynb
NB_strand5 := strands/strand5_focus_groups.ipynb
NB_synthesis := synthesis/synthesis.ipynb
ALL_STRANDS := strand1 strand2 strand3 strand4 strand5
# Only notebooks that exist are built.
STRANDS := $(foreach id,$(ALL_STRANDS),$(if $(wildcard $(NB_$(id))),$(id)))
IDS := $(STRANDS) $(if $(wildcard $(NB_synthesis)),synthesis)

# A notebook's reports: renders of its one executed notebook, one per Quarto
# profile of the full/summary group.
$(foreach id,$(ALL_STRANDS),$(eval VARIANTS_$(id) := full summary))
VARIANTS_synthesis := full
# What a run reads from other strands' runs (their findings and tables).
EXECUTED = $(BUILD)/$(1)/.executed.ipynb
AFTER_strand4 := $(call EXECUTED,strand3)
AFTER_strand5 := $(call EXECUTED,strand3) $(call EXECUTED,strand4)
AFTER_synthesis := $(foreach id,$(STRANDS),$(call EXECUTED,$(id)))
# The final report embeds figures from the strands' notebooks.
EMBEDS_synthesis := $(foreach id,$(STRANDS),$(BUILD)/$(id)/$(id).ipynb)

report_name = $(if $(filter synthesis,$(1)),final-report,$(1)-$(2))
REPORTS := $(foreach id,$(IDS),$(foreach v,$(VARIANTS_$(id)),$(call report_name,$(id),$(v))))
FORMATS := html pdf docx
docs_of = $(foreach fmt,$(2),$(OUT)/$(1)/$(1).$(fmt))
ALL_DOCS := $(foreach r,$(REPORTS),$(call docs_of,$(r),$(FORMATS)))
HTML_DOCS := $(foreach r,$(REPORTS),$(call docs_of,$(r),html))
SITE_INDEX := _site/index.html
PORT ?= 8000
FINAL_OUT := $(BUILD)/final
FINAL_DOCS := $(foreach r,$(REPORTS),$(foreach fmt,$(FORMATS),$(FINAL_OUT)/$(r)/$(r).$(fmt)))

# What execution and rendering depend on besides the notebook itself: a
# notebook depends on the shared modules and its own package only, so a
# change to one strand's code re-runs that strand (and its dependants).
TOOLING := bench.py sandbox.py preview.py publish.py gates.py inputs.py checks.py cli.py words.py
SHARED_SRC := $(filter-out $(addprefix src/csrr/,$(TOOLING)),$(wildcard src/csrr/*.py))
exec_src = $(SHARED_SRC) $(shell find src/csrr/$(1) -name '*.py' 2>/dev/null)
RENDER_SRC := $(wildcard src/csrr/render/*.py) src/csrr/inline.py $(wildcard _extensions/csrr/* _extensions/csrr/filters/*) $(wildcard _quarto*.yml)
# wildcard: a missing manifest is reported by the runner, in words, not by make.
data_of = $(wildcard $(DATA)/DATASET.yml) $(shell find $(DATA)/$(1) -type f 2>/dev/null)

#################################################################################
# COMMANDS                                                                      #
#################################################################################

## Build every report that exists, in HTML, PDF and Word, and the review site (the default)
.PHONY: all
all: $(SITE_INDEX)

## Build the HTML drafts only (fast), and the review site listing them
.PHONY: html
html: $(HTML_DOCS) $(STAMP)
	$(CSRR) site

## Assemble the review site _site/ (index, provenance, what changed)
.PHONY: site
site: $(SITE_INDEX)

## Preview one report's HTML on localhost, rebuilt on every save: make preview REPORT=strand3-full
.PHONY: preview
preview: $(STAMP)
	$(CSRR) preview $(or $(REPORT),$(error give REPORT=<report>, e.g. make preview REPORT=strand3-full)) --port $(PORT) --data $(DATA)

## Run the publication gates (accessibility, marking, disclosure, reproducibility) over the site
.PHONY: check
check: $(SITE_INDEX)
	$(CSRR) check

## Serve the review site on http://localhost:8000 for reviewers
.PHONY: serve
serve: $(SITE_INDEX)
	@echo "Serving _site/ at http://localhost:$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _site

## Build the final publication into _publish/ (no watermark; refuses synthetic data unless ALLOW_SYNTHETIC=1)
.PHONY: final
final: $(STAMP)
	$(CSRR) final-guard --data $(DATA) $(if $(ALLOW_SYNTHETIC),--allow-synthetic)
	$(MAKE) --no-print-directory final-docs
	$(CSRR) publish --out-dir $(FINAL_OUT)

.PHONY: final-docs
final-docs: $(FINAL_DOCS)

## Set up .venv with the pinned dependencies and the csrr Jupyter kernel
.PHONY: install
install: $(STAMP)

## Run the tests (sets up .venv first)
.PHONY: test
test: $(STAMP)
	$(PY) -m pytest

## Lint and check formatting with ruff
.PHONY: lint
lint: $(STAMP)
	$(PY) -m ruff check src tests strands synthesis
	$(PY) -m ruff format --check src tests

## Check every input (params, manifest, data files) in one pass and list all problems
.PHONY: validate
validate: $(STAMP)
	$(CSRR) validate --data $(DATA)

## Print the share of each report's words written in Markdown cells (target 80%)
.PHONY: words
words: $(STAMP)
	$(CSRR) words

## Benchmark the build in a throwaway copy (prints a table, writes build/bench.json)
.PHONY: bench
bench: $(STAMP)
	$(CSRR) bench

## Check every params file against its schema (no kernel starts)
.PHONY: params
params: $(STAMP)
	$(CSRR) params --data $(DATA)

## Rebuild _extensions/csrr/reference.docx, the house Word styles
.PHONY: style
style: $(STAMP)
	$(CSRR) style

## Regenerate requirements.lock from requirements.in in a scratch environment
.PHONY: lock
lock:
	rm -rf $(BUILD)/lockenv && $(PYTHON) -m venv $(BUILD)/lockenv
	$(BUILD)/lockenv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact versions of every package in .venv. Generated by \`make lock\` from"; \
	  echo "# requirements.in; edit that file, never this one."; \
	  $(BUILD)/lockenv/bin/pip freeze --all | grep -v '^pip=='; } > requirements.lock
	rm -rf $(BUILD)/lockenv

## Remove everything the build made (keeps .venv)
.PHONY: clean
clean:
	rm -rf $(BUILD) _site ._site.versions _publish ._publish.versions

## Show this help
.PHONY: help
help:
	@echo "Available rules:"
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z0-9_%-]+:/{if(doc){split($$0,a,":"); printf "  make %-14s %s\n", a[1], doc}; doc=""}' $(MAKEFILE_LIST)
	@echo "  make strandN       Build one strand's full and summary reports (strand1 ... strand5)"
	@echo "  make VAR=value     DATA=<folder> (data to build from), ENGINE=pandoc|quarto|auto"

#################################################################################
# PROJECT RULES                                                                 #
#################################################################################

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(CSRR) kernel
	touch $@

# One papermill run per notebook. `.code` is rewritten only when what
# execution depends on in the notebook changes (code cells, inline
# expressions), so an edit to prose alone skips the run and only splices the
# new prose into the executed notebook (no kernel) before rendering.
define EXECUTE_RULE
$(BUILD)/$(1)/.code: $(NB_$(1)) | $(STAMP)
	@$(CSRR) fingerprint $(1)
$(call EXECUTED,$(1)): $(BUILD)/$(1)/.code params/common.yml params/$(1).yml $(call data_of,$(1)) $(call exec_src,$(1)) $(AFTER_$(1)) $(BUILD)/.data $(STAMP)
	$(CSRR) run $(1) --data $(DATA)
$(BUILD)/$(1)/$(1).ipynb: $(call EXECUTED,$(1)) $(NB_$(1))
	$(CSRR) splice $(1)
endef
$(foreach id,$(IDS),$(eval $(call EXECUTE_RULE,$(id))))

# One render per document; rendering only converts. The variant is a Quarto
# profile (full or summary); the final documents add the final profile.
define RENDER_RULE
$(OUT)/$(call report_name,$(1),$(2))/$(call report_name,$(1),$(2)).$(3): $(BUILD)/$(1)/$(1).ipynb $(EMBEDS_$(1)) $(RENDER_SRC)
	$(CSRR) render $$< --to $(3) --out $$@ --engine $(ENGINE) --profile $(2)
$(FINAL_OUT)/$(call report_name,$(1),$(2))/$(call report_name,$(1),$(2)).$(3): $(BUILD)/$(1)/$(1).ipynb $(EMBEDS_$(1)) $(RENDER_SRC)
	$(CSRR) render $$< --to $(3) --out $$@ --engine $(ENGINE) --profile final,$(2)
endef
$(foreach id,$(IDS),$(foreach v,$(VARIANTS_$(id)),$(foreach fmt,$(FORMATS),$(eval $(call RENDER_RULE,$(id),$(v),$(fmt))))))

# The review site is rebuilt when any document or finding changes.
$(SITE_INDEX): $(ALL_DOCS) $(wildcard $(BUILD)/*/findings.json) | $(STAMP)
	$(CSRR) site

# `make strand3` builds one strand's reports; `make synthesis` the final report.
define STRAND_TARGET
.PHONY: $(1)
$(1): $(foreach v,$(VARIANTS_$(1)),$(call docs_of,$(call report_name,$(1),$(v)),$(FORMATS)))
endef
$(foreach id,$(IDS),$(eval $(call STRAND_TARGET,$(id))))

## Build the final report (same as `make synthesis`)
.PHONY: final-report
final-report: synthesis
