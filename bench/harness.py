"""The page and contention benchmarks' machinery: a database at a given size, gunicorn serving
it from the production settings, wrk as the load generator in its own process, and a bare
Django view in the same gunicorn to measure every page against.

Why a ratio to the bare view: on a shared 2-core machine absolute figures move with whatever
else runs; the bare view (a view that returns two bytes, through the same middleware and
workers) moves with them. Each page is measured right after the bare view, repeatedly, and
reported as its throughput divided by the bare view's.

Databases are built once per size and kept under var/bench/ (SQLite) or as `vf_bench_<n>`
(PostgreSQL); a marker with the migration state and the generator's arguments says whether
the data is still current.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
LUA = Path(__file__).with_name("report.lua")
BARE = "/_bench/bare/"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


@dataclass(frozen=True)
class Database:
    url: str
    associations: int
    engine: str  # "sqlite" or "postgresql"


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def database(engine: str, associations: int) -> Database:
    if engine == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        return Database(f"sqlite:///{VAR / f'bench_{associations}.sqlite3'}", associations, engine)
    return Database(f"{POSTGRES}/vf_bench_{associations}", associations, engine)


def environment(db: Database, **extra: str) -> dict[str, str]:
    """The production settings (DEBUG off), on the bench database, with the bare view on.
    No TLS proxy in front, so no redirect to https; a fixed key so sessions made by the probe
    are valid in gunicorn."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "BENCH_SIZE"}}
    env.update(
        DATABASE_URL=db.url,
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        BEHIND_TLS_PROXY="0",
        SECURE_COOKIES="0",
        BENCH_BARE_VIEW="1",
        VEREINSFORUM_VAR_DIR=str(VAR / f"var_{db.engine}_{db.associations}"),
        STATIC_ROOT=str(VAR / "static"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        # The API's per-token limit (300 a minute) still counts every request, but 8
        # connections at full speed would measure the 429 answer, not the list.
        API_REQUESTS_PER_MINUTE="100000000",
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout


def _fingerprint(db: Database) -> str:
    """Changes when a migration or the generator changes: the data is then built again."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("vereinsforum/*/migrations/*.py")):
        digest.update(path.name.encode())
    for path in sorted(ROOT.glob("vereinsforum/demo/synthetic/*.py")):
        digest.update(path.read_bytes())
    digest.update(inspect.getsource(prepare).encode())
    digest.update(f"{db.url} {db.associations}".encode())
    return digest.hexdigest()


def prepare(db: Database, *, seed: int = 1) -> float:
    """Migrate, load the demo and add `db.associations` synthetic associations to the demo's
    60 (none for 60: the demo alone);
    returns the seconds it took (0 when the database was current)."""
    marker = VAR / f"{db.engine}_{db.associations}.ready"
    fingerprint = _fingerprint(db)
    if marker.exists() and marker.read_text() == fingerprint:
        return 0.0
    started = time.perf_counter()
    env = environment(db)
    if db.engine == "sqlite":
        Path(db.url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        name = db.url.rsplit("/", 1)[1]
        admin = f"{POSTGRES}/postgres"
        _run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], env)
        _run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], env)
    vf = str(BIN / "vereinsforum")
    _run([vf, "migrate", "--noinput"], env)
    _run([vf, "load_demo"], env)
    if db.associations != 60:
        _run(
            [vf, "generate_synthetic", "--associations", str(db.associations), "--seed", str(seed)],
            env,
        )
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(fingerprint)
    return time.perf_counter() - started


def collect_static(db: Database) -> None:
    """Production serves the hashed static files that collectstatic lists in its manifest;
    one copy for every bench database (collectstatic skips what is unchanged)."""
    _run([str(BIN / "vereinsforum"), "collectstatic", "--noinput", "-v0"], environment(db))


def probe(db: Database, *args: str) -> Any:
    collect_static(db)
    return json.loads(_run([str(BIN / "python"), "-m", "bench.probe", *args], environment(db)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]


@contextmanager
def serve(db: Database, *, workers: int = 2) -> Iterator[Server]:
    """gunicorn with `workers` sync workers on the production settings."""
    collect_static(db)
    port = _free_port()
    env = environment(db)
    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "vereinsforum.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        # Each worker's first request imports the URL configuration and the views: not part
        # of any measurement. Enough requests, two at a time, that every worker has had one.
        for _ in range(workers * 2):
            warm(base + BARE)
        yield Server(base, process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def warm(url: str, headers: dict[str, str] | None = None) -> int:
    """One request, waited for however long it takes; its status."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int = 8,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), "--timeout", "30s"]
    for key, value in (headers or {}).items():
        args += ["-H", f"{key}: {value}"]
    out = subprocess.run(  # noqa: S603
        [*args, url], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    result: dict[str, Any] = json.loads(line)
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    result["p50_ms"] = result["p50"] / 1000
    result["p95_ms"] = result["p95"] / 1000
    return result


def page_headers(role: dict[str, Any], name: str) -> dict[str, str]:
    headers = {"Accept-Language": "de"}
    if role.get("cookie"):
        headers["Cookie"] = f"sessionid={role['cookie']}"
    if name == "api events":
        headers.update(role.get("api_header") or {})
    return headers


def measure_pages(
    server: Server, probed: dict[str, Any], *, seconds: int, repeats: int
) -> list[dict[str, Any]]:
    """Each page of each role, right after the bare view, `repeats` times; the median of the
    repeats for p50/p95/throughput and for the ratio."""
    rows = []
    for role, data in probed["roles"].items():
        for name, page in data["pages"].items():
            if page["status"] != 200:
                continue
            headers = page_headers(data, name)
            for _ in range(4):  # every worker renders the page once before it is measured
                warm(server.base + page["url"], headers)
            runs = []
            for _ in range(repeats):
                bare = wrk(server.base + BARE, seconds=seconds)
                measured = wrk(server.base + page["url"], seconds=seconds, headers=headers)
                runs.append((bare, measured))
            rows.append(_summary(role, name, page, runs))
    return rows


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _summary(
    role: str, name: str, page: dict[str, Any], runs: list[tuple[dict[str, Any], dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "role": role,
        "page": name,
        "url": page["url"],
        "queries": page["queries"],
        "p50_ms": _median([m["p50_ms"] for _, m in runs]),
        "p95_ms": _median([m["p95_ms"] for _, m in runs]),
        "rps": _median([m["rps"] for _, m in runs]),
        "bare_rps": _median([b["rps"] for b, _ in runs]),
        "ratio": _median([m["rps"] / b["rps"] if b["rps"] else 0.0 for b, m in runs]),
        "failed": sum(m["non2xx"] + m["errors"] for _, m in runs),
        "requests": sum(m["requests"] for _, m in runs),
        "repeats": len(runs),
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}"


def write_section(title: str, lines: list[str]) -> None:
    """Replace (or add) one `## title` section of bench/results.md."""
    path = ROOT / "bench" / "results.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    head, marker = text, f"\n## {title}\n"
    if marker in text:
        before, rest = text.split(marker, 1)
        after = rest.split("\n## ", 1)
        head = before + ("\n## " + after[1] if len(after) > 1 else "")
    path.write_text(head.rstrip("\n") + "\n" + marker + "\n" + "\n".join(lines) + "\n")
