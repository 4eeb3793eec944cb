# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Nu HTML Checker for the HTML validity tests (npm's vnu-jar; runs on Debian's Java).
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
export DEBUG ?= 1

.PHONY: run test bench lint format migrate clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(VNU_JAR): package.json
	@if command -v npm >/dev/null; then npm install --no-audit --no-fund --ignore-scripts && touch $@; \
	else echo "npm not found: the HTML validity tests will skip (apt-get install -y npm)"; fi

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

run: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) $(VNU_JAR)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

bench: migrate
	$(BIN)/python bench/run.py
	$(BIN)/python bench/photo_pipeline.py
	$(BIN)/python bench/backup_restore.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/wordpress_import.py
	$(BIN)/python bench/admin_scale.py
	$(BIN)/python bench/page_cache.py
	$(BIN)/python bench/newsroom_day.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Update locale/es/LC_MESSAGES/django.po with every marked string, then compile it (needs
# GNU gettext). Translate the new empty msgstr entries and run it again.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests --ignore=staticfiles --ignore=media
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale=es --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py makemessages --domain=djangojs --locale=es --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages --locale=es $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles
