"""Production settings behind the TLS proxy: `vereinsforum check --deploy` is clean, and every
cookie the app sets is Secure. Run in subprocesses, as a server would start."""

import json
import os
import secrets
import subprocess
import sys

# The test run's own defaults (testing/pytest_env.py) switch TLS off; production has none.
TEST_ONLY = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "SECURE_COOKIES",
    "BEHIND_TLS_PROXY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(
        DJANGO_SETTINGS_MODULE="vereinsforum.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite:///:memory:",
        ALLOWED_HOSTS="vereinsforum.example.org",
        CSRF_TRUSTED_ORIGINS="https://vereinsforum.example.org",
        SITE_URL="https://vereinsforum.example.org",
        **extra,
    )
    return env


def run(args, env):
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_production_settings():
    result = run(
        [sys.executable, "-m", "vereinsforum.cli", "check", "--deploy", "--fail-level", "INFO"],
        production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


SHOW = """
import django, json; django.setup()
from django.conf import settings as s
print(json.dumps({
    "proxy": s.SECURE_PROXY_SSL_HEADER, "redirect": s.SECURE_SSL_REDIRECT,
    "hsts": s.SECURE_HSTS_SECONDS,
    "secure": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE],
    "cooloff": s.AXES_COOLOFF_TIME.total_seconds(), "failures": s.AXES_FAILURE_LIMIT,
    "idle": s.SESSION_IDLE_TIMEOUT, "backends": s.AUTHENTICATION_BACKENDS,
}))
"""


def show(**extra):
    result = run([sys.executable, "-c", SHOW], production_env(**extra))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_behind_the_proxy_every_cookie_is_secure_and_https_is_enforced():
    values = show()
    assert values["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["redirect"] is True
    assert values["hsts"] >= 31_536_000
    assert values["secure"] == [True, True, True]
    assert values["backends"][0] == "axes.backends.AxesStandaloneBackend"


def test_lockout_and_idle_timeout_come_from_the_environment():
    values = show(LOGIN_COOLOFF_MINUTES="7", LOGIN_FAILURE_LIMIT="4", SESSION_IDLE_MINUTES="20")
    assert values["cooloff"] == 7 * 60
    assert values["failures"] == 4
    assert values["idle"] == 20 * 60


def test_without_a_tls_proxy_nothing_claims_https():
    values = show(BEHIND_TLS_PROXY="0")
    assert values["redirect"] is False and values["proxy"] is None
    assert values["secure"] == [False, False, False]
