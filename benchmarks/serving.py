"""Serving: the app under gunicorn (2 workers) on 127.0.0.1, concurrent logged-in clients asking for the
email preview and a library search, each page for a fixed time."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from typing import Any

from benchmarks.common import ROOT, gunicorn, percentile


def run(quick: bool) -> list[dict[str, Any]]:
    return measure(1.0 if quick else 30.0, 2 if quick else 8)


def measure(seconds: float, concurrency: int) -> list[dict[str, Any]]:
    import re
    import threading
    import urllib.parse
    import urllib.request
    from http.cookiejar import CookieJar

    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/serve.sqlite"
        env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "bench"}
        subprocess.run([sys.executable, "-m", "benchmarks.prepare_serving"], env=env, check=True, cwd=ROOT)
        with gunicorn(env, workers=2) as base:
            jar = CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            page = opener.open(f"{base}/login").read().decode()
            token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            form = urllib.parse.urlencode({"csrf_token": token, "email": "bench@example.org",
                                           "password": "bench-password"}).encode()
            opener.open(f"{base}/login", form).read()
            rows = []
            for name, path in (("preview", "/issues/1/preview/email"), ("library", "/articles?q=securite")):
                latencies: list[float] = []
                errors = [0]
                deadline = time.perf_counter() + seconds

                def worker() -> None:
                    while time.perf_counter() < deadline:
                        start = time.perf_counter()
                        try:
                            response = opener.open(base + path, timeout=10)
                            response.read()
                            if response.status != 200:
                                errors[0] += 1
                        except OSError:
                            errors[0] += 1
                        latencies.append((time.perf_counter() - start) * 1000)

                threads = [threading.Thread(target=worker) for _ in range(concurrency)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                rows.append({"page": name, "requests": len(latencies), "rps": round(len(latencies) / seconds, 1),
                             "p95_ms": round(percentile(latencies, 95), 1), "errors": errors[0]})
    return rows
