import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_server_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="0")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Refusing to start: SECRET_KEY is not set and DEBUG is off. "
        "Set SECRET_KEY in the environment (or DEBUG=1 for local development)."
    ]


def test_deploy_check_is_clean_in_a_production_like_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k3y-" + "x7Q!m9" * 10,
        ALLOWED_HOSTS="news.example.org",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_the_page_cache_is_per_process():
    result = run_manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY="k3y-" + "x7Q!m9" * 10,
        ALLOWED_HOSTS="news.example.org",
        REDIS_URL="",
    )
    assert "newsroom.W001" in result.stderr


def test_deploy_check_flags_the_development_key():
    result = run_manage("check", "--deploy", DEBUG="1")
    assert "security.W009" in result.stderr


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set: local-memory cache")
def test_redis_url_selects_a_working_redis_cache():
    assert django_settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("newsroom-test-key", "value", 10)
    assert cache.get("newsroom-test-key") == "value"
