"""Requests per second per core of `samen serve`: a closed loop of clients against one gunicorn
worker on SQLite with the real directory; see bench/README.md.

Each client sends its next request as soon as the previous answer arrived (keep-alive), over
a mix of public pages. Besides wall-clock requests per second it reads the worker's own CPU
time from /proc, so "requests per CPU-second" (per core) holds even on a machine that other
work shares.
"""

import argparse
import http.client
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "bench" / "var" / "serve"
SAMEN = str(Path(sys.executable).parent / "samen")
PAGES = [
    "/nl/",
    "/nl/search/?q=geweld",
    "/en/search/?q=violence",
    "/nl/search/?q=hulp+vrouwen",
    "/ar/search/",
    "/nl/sessions/",
    "/healthz",
]


def environment(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samen.settings.dev",
        "SAMEN_DATA_DIR": str(BENCH_VAR),
        "SAMEN_ALLOWED_HOSTS": "127.0.0.1",
        "SAMEN_SECRET_KEY": secrets.token_urlsafe(40),
        "SAMEN_BIND": f"127.0.0.1:{port}",
    }


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process (and its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(arbiter: int) -> list[int]:
    children = Path(f"/proc/{arbiter}/task/{arbiter}/children").read_text().split()
    pids = [int(pid) for pid in children]
    # `samen serve` runs gunicorn in its own process: its workers are one level further down.
    return [
        int(grandchild)
        for pid in pids
        for grandchild in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ] or pids


def wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("samen serve did not answer within two minutes")


def client(port: int, stop: float, counts: list[int], errors: list[int], offset: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = failed = 0
    index = offset
    while time.monotonic() < stop:
        connection.request("GET", PAGES[index % len(PAGES)])
        response = connection.getresponse()
        response.read()
        if response.status == 200:
            done += 1
        else:
            failed += 1
        index += 1
    counts.append(done)
    errors.append(failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()

    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    env = environment(options.port)
    subprocess.run([SAMEN, "setup"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [SAMEN, "serve", "--workers", "1", "--threads", str(options.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(options.port)
        # Warm up every page once (templates, translations, connection).
        warm = http.client.HTTPConnection("127.0.0.1", options.port, timeout=30)
        for page in PAGES:
            warm.request("GET", page)
            warm.getresponse().read()
        workers = worker_pids(server.pid)
        cpu_before = sum(cpu_seconds(pid) for pid in workers)
        counts: list[int] = []
        errors: list[int] = []
        started = time.monotonic()
        stop = started + options.seconds
        threads = [
            threading.Thread(target=client, args=(options.port, stop, counts, errors, number))
            for number in range(options.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        cpu = sum(cpu_seconds(pid) for pid in workers) - cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(counts)
    print(
        f"{total} requests ({sum(errors)} not 200) in {elapsed:.1f} s with {options.clients} "
        f"clients, 1 worker x {options.threads} threads: {total / elapsed:.1f} requests/s; "
        f"worker CPU {cpu:.1f} s: {total / cpu:.1f} requests per CPU-second (per core); "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
