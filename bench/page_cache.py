"""A cached page against a bare Django view returning the same bytes, in one run.

Usage: python bench/page_cache.py [--articles 2000] [--requests 4000] [--rounds 3] [--redis URL]

gunicorn (2 sync workers, DEBUG off, the full middleware stack) serves the home page from the page
cache and, through bench/bench_urls.py, a bare view returning that page's bytes. ApacheBench loads
each in turn, interleaved over `--rounds`, plain and gzip-compressed (the bare view then returns
the bytes the cache stores). Reported per case: requests/s, and server CPU time per request from
the workers' /proc counters; the ratio cached/bare is the figure (target: rate >= 80%).
Uses Redis when `--redis` (or REDIS_URL) is given, as several app servers would; local memory else.
"""

import argparse
import gzip
import http.client
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import run  # bench/run.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TICKS = os.sysconf("SC_CLK_TCK")
PORT = int(os.environ.get("BENCH_PORT", "8124"))


def environment(database, redis_url, page_file):
    """bench/run.py's server environment, with the bare views' URLconf and the cache chosen."""
    return run.environment(f"sqlite:///{database}") | {
        "PAGE_CACHE_SECONDS": "3600",
        "REDIS_URL": redis_url or "",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "BENCH_PAGE_FILE": str(page_file),
    }


def get(path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return dict(response.getheaders()), response.read()
    finally:
        connection.close()


def workers(master):
    """PIDs of the gunicorn master's worker processes."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICKS


def load(path, requests, pids, gzip_accepted):
    """(requests/s, server CPU ms per request) from ApacheBench at concurrency 4."""
    command = ["ab", "-q", "-n", str(requests), "-c", "4"]
    if gzip_accepted:
        command += ["-H", "Accept-Encoding: gzip"]
    before = cpu_seconds(pids)
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    cpu = cpu_seconds(pids) - before
    assert int(re.search(r"Failed requests:\s+(\d+)", out)[1]) == 0, out
    assert "Non-2xx" not in out, out
    return float(re.search(r"Requests per second:\s+([\d.]+)", out)[1]), cpu * 1000 / requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL"))
    options = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    database = RESULTS / f"cache-{options.articles}.sqlite3"
    page_file = RESULTS / "cached-page.html"
    env = environment(database, options.redis, page_file)
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["seed_articles", "--articles", str(options.articles)],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    if options.redis:
        import redis

        redis.Redis.from_url(options.redis).flushdb()

    # The page first, then the server that also serves its bytes bare.
    server = start(env)
    try:
        # Each worker keeps its own copy without Redis: ask until one answers from its cache.
        for _ in range(20):
            headers, page = get("/")
            if headers.get("X-Page-Cache") == "hit":
                break
        assert headers.get("X-Page-Cache") == "hit", headers
        page_file.write_bytes(page)
        Path(f"{page_file}.gz").write_bytes(get("/", {"Accept-Encoding": "gzip"})[1])
    finally:
        stop(server)
    server = start(env)
    try:
        assert get("/bench/bare/")[1] == page
        assert gzip.decompress(get("/bench/bare-gzip/")[1]) == page
        pids = workers(server.pid)
        cases = {
            "plain": ("/", "/bench/bare/", False),
            "gzip": ("/", "/bench/bare-gzip/", True),
        }
        figures = {name: {"cached": [], "bare": []} for name in cases}
        for _ in range(options.rounds):
            for name, (cached, bare, compressed) in cases.items():
                figures[name]["cached"].append(load(cached, options.requests, pids, compressed))
                figures[name]["bare"].append(load(bare, options.requests, pids, compressed))
    finally:
        stop(server)

    store = "Redis" if options.redis else "local memory"
    print(
        f"home page at {options.articles:,} articles, {len(page):,} bytes "
        f"({len(Path(f'{page_file}.gz').read_bytes()):,} gzip), cache in {store}, "
        f"medians of {options.rounds} interleaved rounds of {options.requests} requests"
    )
    for name, results in figures.items():
        rates = {kind: statistics.median(r for r, _ in runs) for kind, runs in results.items()}
        cpu = {kind: statistics.median(c for _, c in runs) for kind, runs in results.items()}
        print(
            f"  {name:5}: cached {rates['cached']:7.0f} req/s {cpu['cached']:.2f} ms CPU; "
            f"bare {rates['bare']:7.0f} req/s {cpu['bare']:.2f} ms CPU; "
            f"rate ratio {rates['cached'] / rates['bare']:.0%}, "
            f"CPU ratio {cpu['cached'] / cpu['bare']:.2f}"
        )


def start(env):
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "newsroom.wsgi",
            "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            get("/healthz")
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def stop(server):
    server.terminate()
    server.wait(timeout=30)


if __name__ == "__main__":
    main()
