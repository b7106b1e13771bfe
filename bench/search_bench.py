"""Search benchmark at demo sizes S, M and L on SQLite and PostgreSQL, with a load mode;
see bench/README.md."""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "bench" / "var"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
# Closed-loop clients for the load mode, and how long each load run lasts.
CONCURRENCY = (1, 8, 32)
LOAD_SECONDS = 8.0
TEXTS = [
    "geweld",
    "huiselijk geweld",
    "violence",
    "hulp vrouwen",
    "العنف",
    "juridische",
    "opvang",
    "online misbruik",
    "gezondheid",
    "forced marriage",
]
# Needs named in everyday words, misspelt or in other languages (directory/needs.py).
NEED_TEXTS = [
    "اغتصاب",
    "عنف منزلي",
    "huislijk geweld",
    "eerwraak",
    "verkrachtng",
    "tecavüz",
    "зґвалтування",
    "ጾታዊ ዓመጽ",
    "kufsi",
    "violence conjugale",
]
TOPICS = ["domestic-violence", "sexual-violence", "medical-care", "shelter", "legal-support"]
LANGUAGES = ["ar", "fa", "ti", "uk", "so"]


def query_mix(count: int, seed: int = 42) -> dict[str, list[dict[str, str]]]:
    from samen.directory.geo import _postcodes

    rng = random.Random(seed)
    postcodes = sorted(_postcodes())
    return {
        "text": [{"q": rng.choice(TEXTS)} for _ in range(count)],
        "need words": [{"q": rng.choice(NEED_TEXTS)} for _ in range(count)],
        "text+topic": [{"q": rng.choice(TEXTS), "topic": rng.choice(TOPICS)} for _ in range(count)],
        "text+language": [
            {"q": rng.choice(TEXTS), "language": rng.choice(LANGUAGES)} for _ in range(count)
        ],
        "postcode 10km": [
            {"place": rng.choice(postcodes), "radius": "10", "order": "distance"}
            for _ in range(count)
        ],
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def popular_mix(count: int, seed: int = 7) -> list[dict[str, str]]:
    """What many visitors ask at once: a few queries very often, more of them now and then
    (Zipf-like), as popular searches are."""
    rng = random.Random(seed)
    queries = [{"q": text} for text in TEXTS + NEED_TEXTS] + [
        {"q": text, "topic": topic} for text, topic in zip(TEXTS, TOPICS * 2, strict=False)
    ]
    weights = [1 / (rank + 1) for rank in range(len(queries))]
    return rng.choices(queries, weights=weights, k=count)


def prepare_database(size: str) -> float | None:
    """Migrate, load the real directory and the demo data of this size (once); the seconds
    the demo data took when it was made now."""
    from django.core.management import call_command

    from samen.audit.services import SystemActor
    from samen.directory.demo import SIZES, demo_generate
    from samen.directory.models import Service

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_directory", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Service.objects.filter(is_demo=True).count() == SIZES[size][0]:
        return None
    started = time.perf_counter()
    demo_generate(actor=SystemActor("bench"), size=size, seed=1)
    seconds = time.perf_counter() - started
    print(f"  generated demo size {size} in {seconds:.0f} s", flush=True)
    return seconds


def measure_vocabulary(rounds: int = 50) -> dict[str, float]:
    """The need-search step alone (matching a query against the vocabulary), in-process, warm:
    microseconds per query."""
    from samen.directory.needs import understand, vocabulary

    vocabulary()
    timings = []
    for _ in range(rounds):
        for text in TEXTS + NEED_TEXTS:
            started = time.perf_counter()
            understand(text)
            timings.append((time.perf_counter() - started) * 1e6)
    return {"p50_us": statistics.median(timings), "p95_us": percentile(timings, 95)}


def start_server(
    port: int, *, workers: int = 1, threads: int = 4, microcache: bool = False
) -> subprocess.Popen[bytes]:
    """`samen serve` as production runs it. The latency runs measure search itself, so the
    micro-cache is off there; the load runs keep it on, as production does."""
    env = os.environ.copy()
    env["SAMEN_MICROCACHE_SECONDS"] = "30" if microcache else "0"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "samen.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/nl/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the app server did not start")


def measure_app(port: int, mix: dict[str, list[dict[str, str]]]) -> dict[str, list[float]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings: dict[str, list[float]] = {}
    for kind, requests in mix.items():
        for params in requests[:10]:  # warm-up
            connection.request("GET", "/nl/search/?" + urlencode(params))
            connection.getresponse().read()
        timings[kind] = []
        for params in requests:
            started = time.perf_counter()
            connection.request("GET", "/nl/search/?" + urlencode(params))
            response = connection.getresponse()
            body = response.read()
            timings[kind].append((time.perf_counter() - started) * 1000)
            if response.status != 200 or b"results-title" not in body:
                raise SystemExit(f"bad response for {params}: {response.status}")
    return timings


def capture_sql(mix: dict[str, list[dict[str, str]]]) -> dict[str, list[list[str]]]:
    """The statements the app runs for each request, with their parameters interpolated."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    captured: dict[str, list[list[str]]] = {}
    for kind, requests in mix.items():
        captured[kind] = []
        for params in requests:
            with CaptureQueriesContext(connection) as context:
                response = client.get("/nl/search/", params)
            if response.status_code != 200:
                raise SystemExit(f"bad response for {params}: {response.status_code}")
            captured[kind].append([q["sql"] for q in context.captured_queries])
    return captured


def measure_raw(captured: dict[str, list[list[str]]]) -> dict[str, list[float]]:
    """Replay the captured statements through the bare driver cursor (no ORM, no templates)."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    timings: dict[str, list[float]] = {}
    for kind, requests in captured.items():
        timings[kind] = []
        for statements in requests:
            started = time.perf_counter()
            cursor = raw.cursor()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            cursor.close()
            timings[kind].append((time.perf_counter() - started) * 1000)
    return timings


def page_weight(port: int) -> int | None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        responses: list = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"http://127.0.0.1:{port}/nl/search/?q=geweld&place=1055")
        page.wait_for_load_state("networkidle")
        # Bytes on the wire: headers plus encoded bodies, as Chromium counted them.
        total = sum(
            r.request.sizes()["responseHeadersSize"] + r.request.sizes()["responseBodySize"]
            for r in responses
        )
        browser.close()
    return total


def measure_load(
    port: int, paths: list[str], concurrency: int, seconds: float = LOAD_SECONDS
) -> dict[str, float]:
    """A closed loop: `concurrency` clients, each sending its next request when the last one
    was answered, for `seconds`. Requests per second, latency p50/p95, errors."""
    deadline = time.perf_counter() + seconds
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        n = number
        while time.perf_counter() < deadline:
            path = paths[n % len(paths)]
            n += concurrency
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                with lock:
                    errors[0] += 1
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "rps": len(timings) / elapsed,
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "errors": errors[0],
    }


def static_twin(port: int, path: str) -> str:
    """A static file as large as the page at `path`, beside the collected static files, so
    the same server can serve both (whitenoise reads the folder when it starts)."""
    from django.conf import settings

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read()
    folder = Path(settings.STATIC_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_bytes(body)
    return f"{settings.STATIC_URL}bench/page.html"


def run_load(port: int) -> dict:
    popular = ["/nl/search/?" + urlencode(params) for params in popular_mix(500)]
    probe = start_server(port)
    try:
        static_path = static_twin(port, popular[0])
    finally:
        probe.terminate()
        probe.wait()
    results: dict[str, dict[int, dict[str, float]]] = {"samen": {}, "samen, no micro-cache": {}}
    results["static file"] = {}
    for label, microcache, paths, levels in (
        ("samen", True, popular, CONCURRENCY),
        ("samen, no micro-cache", False, popular, (8,)),
        ("static file", False, [static_path], CONCURRENCY),
    ):
        server = start_server(port, workers=2, threads=4, microcache=microcache)
        try:
            for path in paths[:20]:  # warm-up
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path)
                connection.getresponse().read()
            for concurrency in levels:
                results[label][concurrency] = measure_load(port, paths, concurrency)
        finally:
            server.terminate()
            server.wait()
    return results


def run_backend(backend: str, size: str, requests: int, port: int, load: bool, prefix: str) -> dict:
    data_dir = BENCH_VAR / f"{backend}-{size}"
    os.environ["SAMEN_DATA_DIR"] = str(data_dir)
    # Only warnings: a log line per request would bury the report.
    os.environ["SAMEN_LOG_LEVEL"] = "WARNING"
    if backend == "postgresql":
        name = f"{prefix}_{size.lower()}"
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
            stderr=subprocess.DEVNULL,
            check=False,
        )
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.settings.dev"
    os.environ["SAMEN_DEBUG"] = "0"
    # The statements captured in this process are those of search itself.
    os.environ["SAMEN_MICROCACHE_SECONDS"] = "0"
    import django

    django.setup()
    generated = prepare_database(size)
    mix = query_mix(requests)
    server = start_server(port)
    try:
        app = measure_app(port, mix)
        weight = page_weight(port)
    finally:
        server.terminate()
        server.wait()
    captured = capture_sql(mix)
    raw = measure_raw(captured)
    result: dict[str, Any] = {
        "backend": backend,
        "size": size,
        "generated_s": generated,
        "page_bytes": weight,
        "vocabulary": measure_vocabulary(),
        "kinds": {},
        "load": run_load(port) if load else None,
    }
    for kind in mix:
        result["kinds"][kind] = {
            "app_p50": statistics.median(app[kind]),
            "app_p95": percentile(app[kind], 95),
            "raw_p50": statistics.median(raw[kind]),
            "raw_p95": percentile(raw[kind], 95),
            "queries": max(len(s) for s in captured[kind]),
        }
    return result


def report(results: list[dict]) -> None:
    print()
    header = f"{'backend':<11}{'size':<5}{'query kind':<15}{'app p50':>9}{'app p95':>9}"
    header += f"{'raw p50':>9}{'raw p95':>9}{'queries':>9}{'app/raw':>9}"
    print(header + "   (ms)")
    for result in results:
        for kind, row in result["kinds"].items():
            ratio = row["app_p50"] / row["raw_p50"] if row["raw_p50"] else float("nan")
            print(
                f"{result['backend']:<11}{result['size']:<5}{kind:<15}{row['app_p50']:>9.1f}"
                f"{row['app_p95']:>9.1f}{row['raw_p50']:>9.1f}{row['raw_p95']:>9.1f}"
                f"{row['queries']:>9}{ratio:>9.2f}"
            )
    print()
    print("growth of the app p50 (and p95) with the size of the map")
    by_key = {(r["backend"], r["size"]): r for r in results}
    for backend in dict.fromkeys(r["backend"] for r in results):
        for kind in results[0]["kinds"]:
            cells = []
            for small, large in (("S", "M"), ("M", "L")):
                if (backend, small) in by_key and (backend, large) in by_key:
                    a = by_key[(backend, small)]["kinds"][kind]
                    b = by_key[(backend, large)]["kinds"][kind]
                    cells.append(
                        f"{large}/{small} {b['app_p50'] / a['app_p50']:.2f}"
                        f" ({b['app_p95'] / a['app_p95']:.2f})"
                    )
            if cells:
                print(f"  {backend:<11}{kind:<15}" + "   ".join(cells))
    for result in results:
        label = f"{result['backend']:<11}{result['size']:<5}"
        if result["generated_s"] is not None:
            print(f"{label}demo data generated in {result['generated_s']:.0f} s")
        vocabulary = result["vocabulary"]
        print(
            f"{label}need-search step (vocabulary match, in-process): "
            f"p50 {vocabulary['p50_us']:.0f} µs, p95 {vocabulary['p95_us']:.0f} µs"
        )
        if result["page_bytes"] is not None:
            print(f"{label}search page transfer in Chromium: {result['page_bytes'] / 1024:.1f} KiB")
        if result["load"]:
            load = result["load"]
            print(f"{label}load, closed loop, gunicorn 2 workers x 4 threads (popular-query mix):")
            for target, levels in load.items():
                for concurrency, row in levels.items():
                    static = load["static file"].get(concurrency)
                    ratio = f"  static/samen {static['rps'] / row['rps']:.1f}x" if static else ""
                    print(
                        f"    {target:<24} c={concurrency:<3} {row['rps']:>8.0f} req/s"
                        f"  p50 {row['p50']:>6.1f} ms  p95 {row['p95']:>6.1f} ms"
                        f"  errors {row['errors']:.0f}{ratio if target != 'static file' else ''}"
                    )


def run_child(command: list[str]) -> dict[str, Any] | None:
    """One measurement in a fresh process (its own settings and database): its progress
    lines are printed, its last line is the JSON result (None when it failed)."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    sys.stderr.write(done.stderr[-3000:])
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    if done.returncode == 0 and lines:
        result: dict[str, Any] = json.loads(lines[-1])
        return result
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="S,M,L")
    parser.add_argument("--no-load", action="store_true", help="skip the load mode")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-prefix",
        default="samen_bench",
        help="PostgreSQL databases are <prefix>_s, _m, _l (two checkouts side by side)",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.one:
        result = run_backend(
            args.one, args.size, args.requests, args.port, not args.no_load, args.database_prefix
        )
        print(json.dumps(result))
        return
    results = []
    for backend in args.backends.split(","):
        for size in args.sizes.split(","):
            print(f"== {backend} {size}", flush=True)
            command = [sys.executable, __file__, "--one", backend, "--size", size]
            command += ["--requests", str(args.requests), "--port", str(args.port)]
            command += ["--database-prefix", args.database_prefix]
            result = run_child(command + (["--no-load"] if args.no_load else []))
            if result is not None:
                results.append(result)
    report(results)


if __name__ == "__main__":
    main()
