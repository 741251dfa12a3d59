# The course's commands. Every target creates .venv (pinned requirements.txt) when missing.
#   make demo   build the student edition, grade the bundled example class, print the scores
#   make test   everything CI checks: ruff, cell conventions, pytest (browser tests included),
#               nbval over every notebook; installs the Debian packages it needs when missing
# Maintainers: make execute, make release, make verify, make try, make bench
# Students:    make lab      Instructors: make lab-instructor, make grade (submissions in submitted/)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lab lab-instructor release execute verify try lint grade bench clean system

# Debian packages besides .venv (bubblewrap for the grading sandbox, chromium for the browser
# tests): installed when missing if run as root, otherwise the script says what to install
system:
	@bash scripts/system_packages.sh

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@# build matplotlib's font cache now, so no notebook prints the one-off notice to stderr
	$(BIN)/python -c "import matplotlib.pyplot"
	rm -f $(VENV)/.installed-* && touch $@

demo: system $(STAMP)
	$(BIN)/nncourse demo

test: system $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/nncourse lint
	$(BIN)/pytest tests
	$(BIN)/pytest -p no:cacheprovider --nbval source notebooks --nbval-sanitize-with sanitize.cfg

# students: runs/student/ (release/ + notebooks/ only), opened on the start-here notebook
lab: $(STAMP)
	$(BIN)/nncourse lab

# instructors: the whole course, with nbgrader's formgrader and a course-local exchange
lab-instructor: $(STAMP)
	$(BIN)/nncourse lab --instructor

release: $(STAMP)
	$(BIN)/nncourse release

execute: $(STAMP)
	$(BIN)/nncourse execute

verify: $(STAMP)
	$(BIN)/nncourse verify

try: $(STAMP)
	$(BIN)/nncourse try -v

lint: $(STAMP)
	$(BIN)/nncourse lint

grade: system $(STAMP)
	$(BIN)/nncourse grade

bench: system $(STAMP)
	$(BIN)/python scripts/bench_grading.py --copies 2

# keeps runs/student/: it holds the students' own work
clean:
	find runs -mindepth 1 -maxdepth 1 ! -name student -exec rm -rf {} + 2>/dev/null || true
	rm -rf .pytest_cache
