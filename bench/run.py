#!/usr/bin/env python3
"""Runs the built benchmarks (scripts/bench builds them first), appends their JSON lines to the results file
and prints the ratio table (bench/table.py). Baseline and tether runs are interleaved within each repeat, so
that drift of the machine's load affects both; every ratio is taken within one repeat, then the median over
the repeats is reported."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import table

TOKEN = "bench-api-token-0123456789-a1b2c3"
SHEET_ID = "4583173393803140"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--root", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--only", default="calls,js,startup,manifest,idle")
    p.add_argument("--calls", type=int, default=10000)
    p.add_argument("--js-calls", type=int, default=2000)
    p.add_argument("--repeats", type=int, default=11)
    p.add_argument("--startup-runs", type=int, default=30)
    p.add_argument("--connections", type=int, default=10000)
    args = p.parse_args()
    # Absolute, since the JavaScript peer resolves its modules from its own folder.
    args.root, args.build = os.path.abspath(args.root), os.path.abspath(args.build)
    return args


class results:
    def __init__(self, path):
        self.path = path
        self.rows = []
        open(path, "w").close()

    def add(self, row):
        self.rows.append(row)
        with open(self.path, "a") as f:
            f.write(json.dumps(row) + "\n")


def json_line(command, **kwargs):
    out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, **kwargs).stdout
    return json.loads(out.strip().splitlines()[-1])


class loopback_server:
    """bench_server in its own process; it stops when its stdin closes."""

    def __init__(self, build, heads_path):
        self.heads = open(heads_path, "w")
        self.process = subprocess.Popen([f"{build}/bench/bench_server"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.heads, text=True)
        self.port = int(self.process.stdout.readline())
        self.base_url = f"http://127.0.0.1:{self.port}/2.0"

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.heads.close()


def user_agent(build):
    """What tether sends for the Smartsheet manifest; `tether version` prints "tether 1.0.0 (ABI 1.5)"."""
    version = subprocess.run([f"{build}/cli/tether", "version"], check=True, stdout=subprocess.PIPE,
                             text=True).stdout.split()[1]
    return f"tether/{version} (+smartsheet)"


def call_runs(args, server, js_client):
    b = args.build
    sheet_url = f"{server.base_url}/sheets/{SHEET_ID}"
    curl = [f"{b}/bench/bench_curl_calls", "--url", sheet_url, "--token", TOKEN,
            "--user-agent", user_agent(b), "--calls", str(args.calls)]
    tether = [f"{b}/bench/bench_tether_calls", "--manifest", f"{args.root}/manifests/smartsheet.yaml",
              "--base-url", server.base_url, "--token", TOKEN, "--calls", str(args.calls)]
    runs = []
    if "calls" in args.only:
        runs = [curl + ["--threads", "1"],
                tether + ["--threads", "1", "--mode", "shared"],
                curl + ["--threads", "4"],
                tether + ["--threads", "4", "--mode", "shared"],
                tether + ["--threads", "4", "--mode", "per_thread"]]
    elif js_client:  # the JavaScript SDK alone is compared with tether at 4 threads
        runs = [tether + ["--threads", "4", "--mode", "shared"]]
    if js_client:
        runs.append(js_client + ["--base-url", server.base_url, "--token", TOKEN, "--sheet", SHEET_ID,
                                 "--calls", str(args.js_calls), "--concurrency", "4"])
    for repeat in range(args.repeats):
        # Every other repeat in reverse order, so that neither client always runs first.
        for command in (runs if repeat % 2 == 0 else reversed(runs)):
            yield dict(json_line(command), repeat=repeat)


def js_sdk_client(args):
    """The official Smartsheet JavaScript SDK as a second peer, when Node and its pinned packages are there."""
    js = f"{args.root}/bench/js_sdk"
    if not shutil.which("node") or not shutil.which("npm"):
        print("   skipped the JavaScript SDK peer: node or npm is not installed")
        return None
    major = int(subprocess.run(["node", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
                .lstrip("v").split(".")[0])
    if major < 18:
        print(f"   skipped the JavaScript SDK peer: it needs Node 18 or later (found {major})")
        return None
    modules = f"{args.build}/js_sdk"
    if not os.path.isdir(f"{modules}/node_modules/smartsheet"):
        os.makedirs(modules, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(f"{js}/{name}", modules)
        print("   installing the pinned Smartsheet JavaScript SDK (npm ci) in " + modules)
        try:
            installed = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=modules,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=180)
        except subprocess.TimeoutExpired:
            print("   skipped the JavaScript SDK peer: npm ci took over 3 minutes (offline?)")
            return None
        if installed.returncode != 0:
            why = (installed.stderr.strip().splitlines() or ["no message"])[-1]
            print(f"   skipped the JavaScript SDK peer: npm ci failed (offline?): {why}")
            shutil.rmtree(f"{modules}/node_modules", ignore_errors=True)
            return None
    return ["node", f"{js}/sheet_calls.js", "--modules", f"{modules}/node_modules"]


def wall_ms(command, env=None):
    """Wall time of one fresh process, from posix_spawn to its exit, its output thrown away."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, env or os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"scripts/bench: {' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return elapsed


def startup_runs(args, server):
    """One-shot `tether call users.me` against one-shot `curl -s` of the same URL with the same headers."""
    b = args.build
    store = f"{b}/oneshot/tether.db"
    os.makedirs(os.path.dirname(store), exist_ok=True)
    for leftover in (store, store + "-wal", store + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    cli = [f"{b}/cli/tether", "--manifest", f"{args.root}/manifests/smartsheet.yaml", "--store", f"sqlite:{store}"]
    subprocess.run(cli + ["--set", f"base_url={server.base_url}", "connect-token"], check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, TETHER_ACCESS_TOKEN=TOKEN))
    curl = [shutil.which("curl"), "-s", "--compressed", "-H", "Accept: application/json",
            "-H", f"Authorization: Bearer {TOKEN}", "-A", user_agent(b), f"{server.base_url}/users/me"]
    tether = cli + ["call", "users.me"]
    wall_ms(curl), wall_ms(tether)  # warm-up: binaries and libraries in the page cache
    for run in range(args.startup_runs):
        yield {"bench": "startup", "client": "curl", "run": run, "wall_ms": wall_ms(curl)}
        yield {"bench": "startup", "client": "tether", "run": run, "wall_ms": wall_ms(tether)}


def main():
    args = parse_args()
    only = args.only = set(args.only.split(","))
    unknown = only - {"calls", "js", "startup", "manifest", "idle"}
    if unknown:
        sys.exit(f"scripts/bench: --only takes calls, js, startup, manifest, idle (not {', '.join(sorted(unknown))})")
    out = results(f"{args.build}/bench.jsonl")
    heads = f"{args.build}/request-heads.txt"
    if only & {"calls", "js", "startup"}:
        server = loopback_server(args.build, heads)
        try:
            if only & {"calls", "js"}:
                js = js_sdk_client(args) if "js" in only else None
                print(f"== calls: {args.calls} per run, {args.repeats} repeats, baseline and tether interleaved")
                for row in call_runs(args, server, js):
                    out.add(row)
                    print(f"   {row['client']:<15} {row['mode']:<18} {row['threads']} threads "
                          f"{row['calls_per_s']:>9.0f} calls/s {row['cpu_us_per_call']:>8.1f} us CPU/call")
            if "startup" in only:
                print(f"== one-shot start-up: {args.startup_runs} runs of each, interleaved")
                for row in startup_runs(args, server):
                    out.add(row)
        finally:
            server.close()
    if "manifest" in only:
        print("== manifest load: tether_manifest_validate, connector open, yaml-cpp alone")
        out.add(json_line([f"{args.build}/bench/bench_manifest_load", "--manifest",
                           f"{args.root}/manifests/smartsheet.yaml"]))
    if "idle" in only:
        print(f"== idle connections: {args.connections} opened through the C ABI, each with an API token")
        # The median of three runs: resident memory moves a little with the allocator's arenas.
        for _ in range(3):
            out.add(json_line([f"{args.build}/bench/bench_idle_connections",
                               f"{args.root}/manifests/smartsheet.yaml", str(args.connections)]))
    for row in table.summarize(out.rows, heads if only & {"calls", "js"} else None):
        out.add(row)
    table.show(out.rows)


if __name__ == "__main__":
    main()
