"""Many representatives registering for one event at the same moment, over HTTP against
gunicorn: each client its own connection and session, all released together by a barrier.

Reports throughput (registrations answered per second, from the release to the last answer),
p50/p95 latency and the status codes; the seats are then counted from the database's rows.
"""

from __future__ import annotations

import http.client
import threading
import time
from typing import Any
from urllib.parse import urlencode, urlsplit


def _post(base: str, path: str, user: dict[str, Any], barrier: threading.Barrier) -> dict[str, Any]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    body = urlencode({"csrfmiddlewaretoken": user["csrf"], "person": user["person"]})
    headers = {
        "Cookie": f"sessionid={user['cookie']}; csrftoken={user['csrf']}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Language": "de",
    }
    connection.connect()
    barrier.wait()
    started = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        status = f"error: {exc.__class__.__name__}"
    finished = time.perf_counter()
    connection.close()
    return {"status": status, "started": started, "finished": finished}


def register_all(base: str, event_id: int, users: list[dict[str, Any]]) -> dict[str, Any]:
    path = f"/veranstaltungen/{event_id}/anmelden/"
    barrier = threading.Barrier(len(users) + 1)
    results: list[dict[str, Any]] = [{} for _ in users]

    def run(i: int, user: dict[str, Any]) -> None:
        results[i] = _post(base, path, user, barrier)

    threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    barrier.wait()
    released = time.perf_counter()
    for thread in threads:
        thread.join()
    latencies = sorted(r["finished"] - released for r in results)
    wall = max(r["finished"] for r in results) - released
    statuses: dict[str, int] = {}
    for r in results:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    return {
        "clients": len(users),
        "wall_s": wall,
        "per_second": len(users) / wall if wall else 0.0,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p95_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000,
        "statuses": statuses,
        "server_errors": sum(
            n for s, n in statuses.items() if s.startswith("5") or s.startswith("error")
        ),
    }
