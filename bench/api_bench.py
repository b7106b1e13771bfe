"""HSDS API benchmark at demo size M on SQLite and PostgreSQL; see bench/README.md.

Through the real app server (as search_bench.py runs it), one request at a time over keep-alive:
- `/api/hsds/services` pages (the default 50 per page, random page numbers, demo data included),
- the same pages with `full=true` (fully nested services with their history),
- `/api/hsds/` (the API's index, a cheap view through the same rate limit, CORS and ETag code)
  as the baseline in the same run, since the machine is shared and noisy;
then a full ndjson export of every service (`format=ndjson&full=true&demo=true`) streamed in a
fresh process, its peak RSS after the first 1,000 and 10,000 services and after all of them.
"""

import argparse
import http.client
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import search_bench  # noqa: E402 (next to this file)

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/samen_bench_m"
SIZE = "M"


def measure(port: int, paths: list[str]) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for path in paths[:10]:  # warm-up
        connection.request("GET", path)
        connection.getresponse().read()
    timings = []
    for path in paths:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status}")
    return timings


def stream_export(limit: int | None) -> dict[str, float]:
    """Stream the full ndjson export in this process; peak RSS (MiB) and lines read."""
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    started = time.perf_counter()
    response = client.get("/api/hsds/services?format=ndjson&full=true&demo=true")
    lines = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        lines += bytes(chunk).count(b"\n")
        if limit is not None and lines >= limit:
            break
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"lines": lines, "seconds": time.perf_counter() - started, "peak_mib": peak_kib / 1024}


def _environment(backend: str, pg_url: str) -> None:
    if backend == "postgresql":
        os.environ["DATABASE_URL"] = pg_url
        name = pg_url.rsplit("/", 1)[1]
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
            stderr=subprocess.DEVNULL,
            check=False,
        )
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["SAMEN_DATA_DIR"] = str(search_bench.BENCH_VAR / f"{backend}-{SIZE}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.settings.dev"
    os.environ["SAMEN_DEBUG"] = "0"
    # The benchmark measures the work of a request, not the per-client limit refusing it.
    os.environ["SAMEN_API_REQUESTS_PER_MINUTE"] = "1000000"


def run_backend(
    backend: str, requests: int, port: int, pg_url: str, skip_export: bool = False
) -> dict:
    _environment(backend, pg_url)
    import django

    django.setup()
    search_bench.prepare_database(SIZE)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samen.api.params import DEFAULT_PER_PAGE
    from samen.directory.models import Service

    total = Service.objects.count()
    pages = -(-total // DEFAULT_PER_PAGE)
    rng = random.Random(7)
    numbers = [rng.randint(1, pages) for _ in range(requests)]
    client = Client(SERVER_NAME="127.0.0.1")
    client.get("/api/hsds/services?demo=true")  # warm: what a process keeps is kept
    with CaptureQueriesContext(connection) as context:
        client.get(f"/api/hsds/services?demo=true&page={numbers[0]}")
    queries = len(context.captured_queries)
    server = search_bench.start_server(port)
    try:
        baseline = measure(port, ["/api/hsds/"] * requests)
        brief = measure(port, [f"/api/hsds/services?demo=true&page={n}" for n in numbers])
        full = measure(
            port, [f"/api/hsds/services?demo=true&full=true&page={n}" for n in numbers[:50]]
        )
    finally:
        server.terminate()
        server.wait()
    exports = {}
    for label, limit in (
        [] if skip_export else (("first 1000", "1000"), ("first 10000", "10000"), ("all", ""))
    ):
        done = subprocess.run(
            [sys.executable, __file__, "--export", limit, "--backends", backend],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        exports[label] = json.loads(done.stdout.strip().splitlines()[-1])

    def row(timings: list[float]) -> dict[str, float]:
        return {
            "p50": statistics.median(timings),
            "p95": search_bench.percentile(timings, 95),
        }

    return {
        "backend": backend,
        "services": total,
        "queries": queries,
        "baseline": row(baseline),
        "services_page": row(brief),
        "services_full_page": row(full),
        "export": exports,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--no-export", action="store_true", help="only the page timings")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--export", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.export is not None:
        _environment(args.backends, args.pg_url)
        import django

        django.setup()
        print(json.dumps(stream_export(int(args.export) if args.export else None)))
        return
    if args.one:
        result = run_backend(args.one, args.requests, args.port, args.pg_url, args.no_export)
        print(json.dumps(result))
        return
    results = []
    for backend in args.backends.split(","):
        print(f"== {backend}", flush=True)
        result = search_bench.run_child(
            [
                sys.executable,
                __file__,
                "--one",
                backend,
                "--requests",
                str(args.requests),
                "--port",
                str(args.port),
                "--pg-url",
                args.pg_url,
                *(["--no-export"] if args.no_export else []),
            ]
        )
        if result is not None:
            results.append(result)
    print()
    print(f"{'backend':<11}{'request':<34}{'p50':>8}{'p95':>8}{'p95/base':>10}   (ms)")
    for result in results:
        base = result["baseline"]["p95"]
        for label, key in (
            ("/api/hsds/ (baseline)", "baseline"),
            ("/services page (25)", "services_page"),
            ("/services?full=true page (25)", "services_full_page"),
        ):
            row = result[key]
            print(
                f"{result['backend']:<11}{label:<34}{row['p50']:>8.1f}{row['p95']:>8.1f}"
                f"{row['p95'] / base:>10.1f}"
            )
        print(
            f"{result['backend']:<11}{result['services']} services; "
            f"{result['queries']} queries per warm /services page"
        )
        for label, export in result["export"].items():
            print(
                f"{result['backend']:<11}ndjson export, {label}: {export['lines']} services in "
                f"{export['seconds']:.0f} s, peak RSS {export['peak_mib']:.0f} MiB"
            )


if __name__ == "__main__":
    main()
