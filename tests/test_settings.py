"""The settings module fails loudly on a missing secret or a malformed value."""

import os
import subprocess
import sys

import pytest

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="vereinsforum.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", CHECK], env=clean, capture_output=True, text=True, timeout=60
    )


def test_secret_key_is_required_outside_debug():
    result = run(DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = run(DEBUG="1", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_runs_with_a_secret_key():
    result = run(SECRET_KEY="x" * 50, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_a_malformed_debug_value_fails(value):
    result = run(DEBUG=value, SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


@pytest.mark.parametrize("url", ["nonsense", "mysqlx://db/x", "postgres://user@host:notaport/db"])
def test_a_malformed_database_url_fails(url):
    result = run(DATABASE_URL=url, SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_URL" in result.stderr


def test_the_default_database_is_sqlite_under_var(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="vereinsforum.settings",
        DEBUG="1",
        VEREINSFORUM_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "vereinsforum.sqlite3")
