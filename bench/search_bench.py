"""Search benchmark at demo size M on SQLite and PostgreSQL; see bench/README.md."""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "bench" / "var"
PG_URL = "postgres://postgres@127.0.0.1:5432/samen_bench"
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


def prepare_database() -> None:
    from django.core.management import call_command

    from samen.audit.services import SystemActor
    from samen.directory.demo import SIZES, demo_generate
    from samen.directory.models import Service

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_directory", verbosity=0)
    if Service.objects.filter(is_demo=True).count() != SIZES["M"][0]:
        started = time.perf_counter()
        demo_generate(actor=SystemActor("bench"), size="M", seed=1)
        print(f"  generated demo size M in {time.perf_counter() - started:.0f} s", flush=True)


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


def start_server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "samen.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        env=os.environ.copy(),
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


def run_backend(backend: str, requests: int, port: int) -> dict:
    if backend == "postgresql":
        os.environ["DATABASE_URL"] = PG_URL
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "samen_bench"],
            stderr=subprocess.DEVNULL,
            check=False,
        )
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SAMEN_DATA_DIR"] = str(BENCH_VAR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "samen.settings.dev"
    os.environ["SAMEN_DEBUG"] = "0"
    import django

    django.setup()
    prepare_database()
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
    result = {
        "backend": backend,
        "page_bytes": weight,
        "vocabulary": measure_vocabulary(),
        "kinds": {},
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.one:
        print(json.dumps(run_backend(args.one, args.requests, args.port)))
        return
    results = []
    for backend in args.backends.split(","):
        print(f"== {backend}", flush=True)
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                backend,
                "--requests",
                str(args.requests),
                "--port",
                str(args.port),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stderr.write(done.stderr[-3000:])
        lines = done.stdout.strip().splitlines()
        for line in lines[:-1]:
            print(line)
        if done.returncode == 0 and lines:
            results.append(json.loads(lines[-1]))
    print()
    header = f"{'backend':<11}{'query kind':<15}{'app p50':>9}{'app p95':>9}{'raw p50':>9}"
    header += f"{'raw p95':>9}{'queries':>9}{'app/raw':>9}"
    print(header + "   (ms)")
    for result in results:
        for kind, row in result["kinds"].items():
            ratio = row["app_p50"] / row["raw_p50"] if row["raw_p50"] else float("nan")
            print(
                f"{result['backend']:<11}{kind:<15}{row['app_p50']:>9.1f}{row['app_p95']:>9.1f}"
                f"{row['raw_p50']:>9.1f}{row['raw_p95']:>9.1f}{row['queries']:>9}{ratio:>9.2f}"
            )
        vocabulary = result["vocabulary"]
        print(
            f"{result['backend']:<11}need-search step (vocabulary match, in-process): "
            f"p50 {vocabulary['p50_us']:.0f} µs, p95 {vocabulary['p95_us']:.0f} µs"
        )
        if result["page_bytes"] is not None:
            print(
                f"{result['backend']:<11}search page transfer in Chromium: "
                f"{result['page_bytes'] / 1024:.1f} KiB"
            )


if __name__ == "__main__":
    main()
