"""What production runs with, read from a fresh settings module (DEBUG off) in a subprocess:
persistent database connections, the cached template loader, Redis as the cache when
REDIS_URL is set and the file cache otherwise (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

STRONG_KEY = "k3Yq-8vJ_pX2mN7rT4wZ9bC6dF1gH5jL0sA3eR8uI2oP7yU4tQ"

READ = """
import json, django
django.setup()
from django.conf import settings
from django.template import engines

def names(loaders):
    # template_partials wraps the loaders Django chose in its own; look inside.
    out = []
    for loader in loaders:
        out.append(f"{type(loader).__module__}.{type(loader).__name__}")
        out += names(getattr(loader, "loaders", []))
    return out

print(json.dumps({
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "loaders": names(engines["django"].engine.template_loaders),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"]["LOCATION"],
}))
"""


def production(**env: str) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DB_CONN_MAX_AGE", "REDIS_URL", "DATABASE_URL"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="vereinsforum.settings",
        VEREINSFORUM_ENV_FILE="",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        DATABASE_URL="sqlite:///:memory:",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", READ], env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_and_checks_them():
    found = production()
    assert found["conn_max_age"] == 60
    assert found["health_checks"] is True
    assert production(DB_CONN_MAX_AGE="0")["conn_max_age"] == 0


def test_production_compiles_each_template_once():
    loaders = production()["loaders"]
    cached = loaders.index("django.template.loaders.cached.Loader")
    # Every loader that reads templates from disk sits inside the cached one.
    assert loaders[cached + 1 :] == [
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]


def test_the_cache_is_redis_with_a_redis_url_and_files_without():
    assert production()["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    found = production(REDIS_URL="redis://127.0.0.1:6379/1")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache_location"] == "redis://127.0.0.1:6379/1"
