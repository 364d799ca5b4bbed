"""Loaded with `-p` before pytest-django sets Django up: test defaults for the environment."""

import os
from pathlib import Path

# As long and varied as production demands (settings.py refuses weaker keys without DEBUG).
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789-abcdef")
# Test runs never read the checkout's .env (make run's DEBUG=1 and key): the same on every machine.
os.environ.setdefault("VEREINSFORUM_ENV_FILE", "")
os.environ.setdefault("VEREINSFORUM_EMAIL_OUTBOX", "")
os.environ.setdefault("SECURE_COOKIES", "0")
# The test client and the live server speak plain http: no TLS proxy in front.
os.environ.setdefault("BEHIND_TLS_PROXY", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    # Tests never run collectstatic, so production's manifest storage would fail every
    # `{% static %}`; the live server serves the files from the finders instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test process counts its own rate limits: the file cache under var/ would be shared
    # with every other test run on the machine.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Uploads and the demo's generated documents go to a scratch folder, not the checkout's var/.
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="vereinsforum-files-"))
    settings.MEDIA_ROOT = scratch / "media"
    settings.PRIVATE_ROOT = scratch / "private"
    # WhiteNoise warns on every request when STATIC_ROOT is missing.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
