"""The ratio table of scripts/bench: summary rows computed from the benchmarks' JSON lines, and their print.
A ratio is always tether / baseline measured in the same run; for calls, each repeat gives one ratio (its
baseline and tether runs ran next to each other) and the table shows the median over the repeats."""
import statistics


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _calls(rows, client, mode, threads):
    return {r["repeat"]: r for r in rows
            if r["bench"] == "calls" and r["client"] == client and r["mode"] == mode and r["threads"] == threads}


def _summary(measure, unit, tether, baseline, ratio, goal=None):
    """goal: (on, op, limit) with on "ratio" or "value" (tether's own figure)."""
    row = {"bench": "summary", "measure": measure, "unit": unit, "tether": tether, "baseline": baseline,
           "ratio": ratio, "goal": None, "pass": None}
    if goal and (ratio if goal[0] == "ratio" else tether) is not None:
        on, op, limit = goal
        value = ratio if on == "ratio" else tether
        row["goal"] = f"{op} {limit}" + ("x" if on == "ratio" else f" {unit}")
        row["pass"] = {"<=": value <= limit, ">=": value >= limit, "<": value < limit}[op]
    return row


def _paired(measure, unit, key, tether_runs, baseline_runs, goal=None):
    repeats = sorted(set(tether_runs) & set(baseline_runs))
    if not repeats:
        return None
    ratios = [tether_runs[k][key] / baseline_runs[k][key] for k in repeats]
    return _summary(f"{measure} ({len(repeats)} repeats)", unit, _median(tether_runs[k][key] for k in repeats),
                    _median(baseline_runs[k][key] for k in repeats), _median(ratios), goal)


def _call_summaries(rows):
    curl1, curl4 = _calls(rows, "curl", "handle_per_thread", 1), _calls(rows, "curl", "handle_per_thread", 4)
    shared1, shared4 = _calls(rows, "tether", "shared", 1), _calls(rows, "tether", "shared", 4)
    per_thread4 = _calls(rows, "tether", "per_thread", 4)
    js4 = _calls(rows, "javascript_sdk", "concurrent", 4)
    cpu, rate, lat = "us CPU/call", "calls/s", "us"
    yield _paired("CPU per call, 1 thread", cpu, "cpu_us_per_call", shared1, curl1, ("ratio", "<=", 1.10))
    yield _paired("CPU per call, 4 threads, 1 shared connection", cpu, "cpu_us_per_call", shared4, curl4,
                  ("ratio", "<=", 1.10))
    yield _paired("CPU per call, 4 threads, 1 connection each", cpu, "cpu_us_per_call", per_thread4, curl4,
                  ("ratio", "<=", 1.10))
    yield _paired("calls/s, 1 thread", rate, "calls_per_s", shared1, curl1)
    yield _paired("calls/s, 4 threads, 1 shared connection", rate, "calls_per_s", shared4, curl4,
                  ("ratio", ">=", 0.9))
    yield _paired("calls/s, 4 threads, 1 connection each", rate, "calls_per_s", per_thread4, curl4,
                  ("ratio", ">=", 0.9))
    yield _paired("p50 latency, 1 thread", lat, "p50_us", shared1, curl1)
    yield _paired("p99 latency, 1 thread", lat, "p99_us", shared1, curl1)
    yield _paired("p50 latency, 4 threads, 1 shared connection", lat, "p50_us", shared4, curl4)
    yield _paired("p99 latency, 4 threads, 1 shared connection", lat, "p99_us", shared4, curl4)
    # Against the JavaScript SDK the peer is the baseline: tether's calls/s over the SDK's.
    yield _paired("calls/s, 4 concurrent, vs the Smartsheet JS SDK", rate, "calls_per_s", shared4, js4,
                  ("ratio", ">=", 10))


def _startup_summary(rows):
    runs = {c: [r["wall_ms"] for r in rows if r["bench"] == "startup" and r["client"] == c] for c in ("tether", "curl")}
    if not runs["tether"] or not runs["curl"]:
        return None
    tether, curl = _median(runs["tether"]), _median(runs["curl"])
    return _summary(f"one-shot `tether call users.me` vs `curl -s` ({len(runs['tether'])} runs)", "ms wall", tether,
                    curl, tether / curl, ("ratio", "<=", 1.5))


def _manifest_summaries(rows):
    loads = [r for r in rows if r["bench"] == "manifest_load"]
    if not loads:
        return
    validate, yaml = _median(r["validate_ms"] for r in loads), _median(r["yaml_cpp_ms"] for r in loads)
    opened = _median(r["connector_open_ms"] for r in loads)
    if all("bundled_ms" in r for r in loads):
        bundled = _median(r["bundled_ms"] for r in loads)
        yield _summary("manifest load: smartsheet.yaml as bundled vs yaml-cpp alone", "ms", bundled, yaml,
                       bundled / yaml, ("value", "<", 2))
    # A text of one's own is parsed by yaml-cpp: no goal, the parse is most of it (docs/performance.md).
    yield _summary("manifest load: a text of its own, validate vs yaml-cpp alone", "ms", validate, yaml,
                   validate / yaml)
    yield _summary("manifest load: a text of its own, connector open + close", "ms", opened, yaml, opened / yaml)
    if all("validate_again_ms" in r for r in loads):
        again = _median(r["validate_again_ms"] for r in loads)
        yield _summary("manifest load: the same text again (kept model) vs yaml-cpp", "ms", again, yaml, again / yaml)


def _idle_summaries(rows):
    idle = [r for r in rows if r["bench"] == "idle_connections"]
    if not idle:
        return
    yield _summary(f"memory per idle connection (median of {len(idle)})", "KiB",
                   _median(r["kib_per_connection"] for r in idle), None, None, ("value", "<=", 4))
    yield _summary("memory per connection never used", "KiB",
                   _median(r["kib_per_connection_never_used"] for r in idle), None, None)


def request_heads(path):
    """The distinct request heads the server saw, grouped by request line, for the baseline and tether only
    (both send tether's User-Agent); one request line with two heads means they sent different requests."""
    heads = [h.strip() for h in open(path).read().split("request head:\n") if h.strip()]
    groups = {}
    for head in heads:
        lines = head.splitlines()
        if any(line.lower().startswith("user-agent: tether/") for line in lines):
            groups.setdefault(lines[0], set()).add("\n".join(sorted(lines[1:], key=str.lower)))
    return groups


def summarize(rows, heads_path):
    out = [r for r in (*_call_summaries(rows), _startup_summary(rows), *_manifest_summaries(rows),
                       *_idle_summaries(rows)) if r is not None]
    if heads_path:
        groups = request_heads(heads_path)
        different = {line: sorted(h) for line, h in groups.items() if len(h) > 1}
        out.append({"bench": "request_heads", "same": not different, "different": different})
    return out


def _number(value):
    if value is None:
        return ""
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def show(rows):
    summary = [r for r in rows if r["bench"] == "summary"]
    print()
    print(f"{'measure':<62} {'tether':>9} {'baseline':>9} {'unit':<11} {'ratio':>7}  {'goal':<10} ok")
    for r in summary:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else ""
        mark = {True: "yes", False: "NO", None: ""}[r["pass"]]
        print(f"{r['measure']:<62} {_number(r['tether']):>9} {_number(r['baseline']):>9} {r['unit']:<11} "
              f"{ratio:>7}  {r['goal'] or '':<10} {mark}")
    for r in rows:
        if r["bench"] == "request_heads" and not r["same"]:
            print("\nWARNING: the baseline and tether sent different requests; the server saw:")
            for line, heads in r["different"].items():
                for head in heads:
                    print(f"  {line}\n    " + head.replace("\n", "\n    "))
