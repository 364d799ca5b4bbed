"""The settings module fails loudly on a missing secret or a malformed value."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    # No .env: these tests are about the environment alone (a checkout may hold one).
    clean.update(DJANGO_SETTINGS_MODULE="vereinsforum.settings", VEREINSFORUM_ENV_FILE="", **env)
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
    result = run(SECRET_KEY=STRONG_KEY, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_a_malformed_debug_value_fails(value):
    result = run(DEBUG=value, SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


@pytest.mark.parametrize("url", ["nonsense", "mysqlx://db/x", "postgres://user@host:notaport/db"])
def test_a_malformed_database_url_fails(url):
    result = run(DATABASE_URL=url, SECRET_KEY=STRONG_KEY)
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


# ---- the .env file of a source checkout ------------------------------------------------------

SHOW = (
    "import json; from vereinsforum import settings as s; "
    "print(json.dumps([s.DEBUG, s.SECRET_KEY, s.BEHIND_TLS_PROXY, s.SESSION_COOKIE_SECURE]))"
)
STRONG_KEY = "kW3x9-q_Lr7ZpT2vNfYb8sHcJd4mE6uA1gQoXiVy0RtPlKzSwMnB5"


def show(env_file, cwd=None, pythonpath=None, **env):
    """The settings as a process started with only these variables sees them."""
    clean = {k: v for k, v in os.environ.items() if k not in ISOLATED}
    clean.update(env)
    if env_file is not None:
        clean["VEREINSFORUM_ENV_FILE"] = str(env_file)
    if pythonpath:
        clean["PYTHONPATH"] = str(pythonpath)
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env=clean,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


# Everything the settings read that the test run itself sets (testing/pytest_env.py).
ISOLATED = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "BEHIND_TLS_PROXY",
    "SECURE_COOKIES",
    "VEREINSFORUM_ENV_FILE",
    "PYTHONPATH",
}


def values(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_dotenv_file_is_enough_for_a_local_setup(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"DEBUG=1\nSECRET_KEY={STRONG_KEY}\n")
    debug, key, tls_proxy, secure_cookies = values(show(dotenv, DATABASE_URL="sqlite:///:memory:"))
    assert (debug, key) == (True, STRONG_KEY)
    # Plain http on 127.0.0.1: no redirect to https, cookies that the browser sends back.
    assert (tls_proxy, secure_cookies) == (False, False)


def test_the_environment_wins_over_the_dotenv_file(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DEBUG=1\nSECRET_KEY=from-the-file\n")
    debug, key, *_ = values(show(dotenv, DEBUG="0", SECRET_KEY=STRONG_KEY))
    assert (debug, key) == (False, STRONG_KEY)


def test_an_empty_variable_in_the_environment_still_wins(tmp_path):
    # Set is set: an operator who blanks DEBUG means "off", not "ask the file".
    dotenv = tmp_path / ".env"
    dotenv.write_text("DEBUG=1\n")
    debug, *_ = values(show(dotenv, DEBUG="", SECRET_KEY=STRONG_KEY))
    assert debug is False


def test_comments_quotes_and_export_are_read_as_the_shell_reads_them(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# written by make run\n"
        "\n"
        "export DEBUG=1   # local only\n"
        "SECRET_KEY='its#not a comment'\n"
        'SITE_URL="http://127.0.0.1:8000/ \\"x\\" \\\\"\n'
        "LOG_LEVEL=\n"
        "OTP_ISSUER=Verein#Forum\n"
    )
    code = (
        "import json, os; import vereinsforum.settings; "
        "print(json.dumps({k: os.environ.get(k) for k in "
        "['DEBUG', 'SECRET_KEY', 'SITE_URL', 'LOG_LEVEL', 'OTP_ISSUER']}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED}
    env.update(VEREINSFORUM_ENV_FILE=str(dotenv), DATABASE_URL="sqlite:///:memory:")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    # The same file through the shell: the two readings must agree.
    shell = subprocess.run(
        ["bash", "-c", f"set -a; . {dotenv}; " + 'printf "%s\\n" "$SECRET_KEY" "$SITE_URL"'],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert read == {
        "DEBUG": "1",
        "SECRET_KEY": "its#not a comment",
        "SITE_URL": 'http://127.0.0.1:8000/ "x" \\',
        "LOG_LEVEL": "",
        "OTP_ISSUER": "Verein#Forum",
    }
    assert shell.stdout.splitlines() == [read["SECRET_KEY"], read["SITE_URL"]]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("DEBUG=1\nSECRET_KEY = abc\n", 2, "KEY=VALUE"),
        ("DEBUG=1\n\nnot a setting\n", 3, "KEY=VALUE"),
        ("# ok\nSECRET_KEY='unterminated\n", 2, "quote"),
        ('SECRET_KEY="abc"trailing\n', 1, "after the closing quote"),
        ("SITE_URL=http://a b\n", 1, "quote"),
        ('SECRET_KEY="$HOME/x"\n', 1, "$"),
        ("SECRET_KEY=`id`\n", 1, "quote"),
        ("DEBUG=1\nDEBUG=0\n", 2, "line 1"),
        ("1DEBUG=1\n", 1, "KEY=VALUE"),
    ],
)
def test_a_malformed_dotenv_line_fails_with_its_number(tmp_path, text, line, reason):
    dotenv = tmp_path / ".env"
    dotenv.write_text(text)
    result = show(dotenv, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{dotenv}, line {line}:" in result.stderr
    assert reason in result.stderr


def test_a_malformed_secret_is_not_echoed_in_the_error(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("SECRET_KEY='s3cr3t-value-that-must-not-leak\n")
    result = show(dotenv)
    assert result.returncode != 0
    assert "line 1" in result.stderr
    assert "s3cr3t-value" not in result.stderr


def test_a_named_env_file_that_does_not_exist_fails(tmp_path):
    result = show(tmp_path / "missing.env", DEBUG="1")
    assert result.returncode != 0
    assert "VEREINSFORUM_ENV_FILE" in result.stderr
    assert "missing.env" in result.stderr


@pytest.mark.parametrize(
    "key", ["…", "x" * 60, "short-but-random-Zq8", "django-insecure-" + STRONG_KEY]
)
def test_production_refuses_a_placeholder_or_weak_secret_key(key):
    result = run(SECRET_KEY=key, DATABASE_URL="sqlite:///:memory:")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert key not in result.stderr


def test_the_local_env_writer_makes_a_debug_file_with_a_strong_key(tmp_path):
    target = tmp_path / ".env"
    write = [sys.executable, "-m", "vereinsforum.lib.env", str(target)]
    first = subprocess.run(write, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    content = target.read_text()
    # The generated key passes production's check, so DEBUG can be switched off in the file.
    debug, key, *_ = values(show(target, DEBUG="0", DATABASE_URL="sqlite:///:memory:"))
    assert debug is False
    assert len(key) >= 50 and key in content
    assert values(show(target, DATABASE_URL="sqlite:///:memory:"))[0] is True
    # A second run keeps the file (and its key): sessions survive a restart.
    again = subprocess.run(write, capture_output=True, text=True, timeout=60)
    assert again.returncode != 0
    assert "exists" in again.stderr
    assert target.read_text() == content


def test_the_dotenv_file_is_not_committed():
    assert "/.env" in (ROOT / ".gitignore").read_text().splitlines()


# ---- which .env: only a source checkout's own ------------------------------------------------


def copy_package(dest, *, checkout):
    """The vereinsforum package at dest/vereinsforum, as in a checkout or as installed."""
    shutil.copytree(
        ROOT / "vereinsforum",
        dest / "vereinsforum",
        ignore=shutil.ignore_patterns("__pycache__", "tests", "static", "locale"),
    )
    if checkout:
        shutil.copy(ROOT / "pyproject.toml", dest)
        shutil.copy(ROOT / "manage.py", dest)
    (dest / ".env").write_text("DEBUG=1\n")
    return dest


def test_a_source_checkout_reads_its_own_dotenv(tmp_path):
    root = copy_package(tmp_path / "checkout", checkout=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    debug, *_ = values(show(None, cwd=elsewhere, pythonpath=root, DATABASE_URL="sqlite://"))
    assert debug is True


def test_an_installed_package_never_reads_a_dotenv(tmp_path):
    # site-packages with a stray .env beside the package, started from a directory that
    # has one too: production must still refuse to start without its SECRET_KEY.
    site = copy_package(tmp_path / "site-packages", checkout=False)
    cwd = tmp_path / "srv"
    cwd.mkdir()
    (cwd / ".env").write_text("DEBUG=1\n")
    result = show(None, cwd=cwd, pythonpath=site, DATABASE_URL="sqlite://")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_an_empty_env_file_variable_switches_the_dotenv_off(tmp_path):
    root = copy_package(tmp_path / "checkout", checkout=True)
    result = show("", pythonpath=root, DATABASE_URL="sqlite://")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
