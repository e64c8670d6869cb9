"""The benchmark harness's entry point (bash bench/run.sh runs it): builds every variant,
verifies outputs, times the variants interleaved, measures start-up and wasm2native's compile
cost, then prints the table and writes bench/out/report.md, chart.png and results.json."""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import benchmarks  # noqa: E402
import build  # noqa: E402
import report  # noqa: E402
import startup  # noqa: E402
import timing  # noqa: E402
from common import (OUT, ROOT, VARIANTS, cpu_model, first_line, loadavg, log,  # noqa: E402
                    wait_for_quiet)


def library_calls(w2n, args):
    """Runs bench/library-calls (its own build, quiet-machine wait and timing); returns its
    Markdown section, or None when it was skipped or failed."""
    log("library calls (bench/library-calls)")
    r = subprocess.run(["bash", os.path.join(ROOT, "bench", "library-calls", "run.sh"),
                        "--w2n", w2n, "--out", OUT, "--rounds", str(args.rounds),
                        "--max-load", str(args.max_load), "--max-wait", str(args.max_wait)],
                       stdout=subprocess.DEVNULL)
    if r.returncode != 0:
        log("library calls %s (status %d)" % ("skipped" if r.returncode == 77 else "failed",
                                               r.returncode))
        return None
    with open(os.path.join(OUT, "library-calls.md")) as f:
        return f.read()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--w2n", default=os.environ.get("W2N", os.path.join(ROOT, "build", "wasm2native")),
                   help="the wasm2native binary (default: build/wasm2native)")
    p.add_argument("--rounds", type=int, default=5, help="timed interleaved rounds (default 5)")
    p.add_argument("--compile-runs", type=int, default=3,
                   help="wasm2native compiles per level for the compile-time figures (default 3)")
    p.add_argument("--reuse", action="store_true",
                   help="development: keep up-to-date wasm2native outputs, skip compile statistics")
    p.add_argument("--only", default="kernels,sightglass,startup,library-calls",
                   help="comma-separated parts: kernels, sightglass, startup, library-calls")
    p.add_argument("--filter", default=None, help="regex on benchmark names (kernels/<k>, <dir>/<m>)")
    p.add_argument("--cpu", choices=["portable", "native"], default="portable",
                   help="ISA of the ahead-of-time builds: portable (x86-64-v2) or native")
    p.add_argument("--max-load", type=float, default=0.5,
                   help="wait for the 1-minute load average to drop below this before timing")
    p.add_argument("--max-wait", type=int, default=1800, help="give up waiting after N seconds")
    p.add_argument("--startup-rounds", type=int, default=300)
    p.add_argument("--timeout", type=int, default=300, help="seconds per run")
    p.add_argument("--report-only", action="store_true", help="rewrite the report from results.json")
    return p.parse_args()


def write_outputs(results):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    charts = []
    try:
        report.chart(results, os.path.join(OUT, "chart.png"))
        charts.append("chart.png")
    except Exception as e:  # a missing matplotlib must not lose the measurements
        log("chart not written: %s" % e)
    with open(os.path.join(OUT, "report.md"), "w") as f:
        f.write(report.markdown_report(results, charts))
    sys.stdout.write(report.text_report(results))


def main():
    args = parse_args()
    if args.report_only:
        with open(os.path.join(OUT, "results.json")) as f:
            write_outputs(json.load(f))
        return 0
    parts = set(args.only.split(","))
    w2n = os.path.abspath(args.w2n)
    if not os.path.exists(w2n):
        log("wasm2native not found at %s (build it, or pass --w2n)" % w2n)
        return 1
    results = {
        "meta": {
            "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "cpu_model": cpu_model(), "kernel": platform.platform(), "rounds": args.rounds,
            "compile_runs": args.compile_runs, "cpu": args.cpu if args.cpu == "native" else
            "portable (x86-64-v2)", "march": " ".join(build.native_march(args.cpu)),
            "wasm_flags": build.WASM_FEATURES,
            "versions": {"native": first_line(["clang-19", "--version"]),
                         "w2n": first_line([w2n, "--version"]),
                         "node": first_line(["node", "--version"]),
                         "wasm2c": first_line(["wasm2c", "--version"]) + " + " +
                         first_line(["gcc", "--version"])},
            "load_before": loadavg(), "load_after": None,
        },
        "benchmarks": [], "skipped": {},
    }

    # ---- build (and wasm2native compile statistics) ----
    compile_runs = 0 if args.reuse else args.compile_runs
    todo = []
    if "kernels" in parts:
        for name in benchmarks.kernel_names():
            if args.filter and not re.search(args.filter, "kernels/" + name):
                continue
            log("build kernels/%s" % name)
            b, stats = build.build_kernel(name, w2n, args.cpu, compile_runs)
            todo.append((b, stats))
    if "sightglass" in parts:
        found, skipped = benchmarks.sightglass_modules(args.filter)
        results["skipped"].update(skipped)
        extra = build.w2n_sightglass_args(w2n)
        if not extra:
            log("note: this wasm2native has no --dir; Sightglass modules that read files will fail")
        for b in found:
            log("build %s" % b.name)
            todo.append((b, build.build_sightglass(b, w2n, args.cpu, compile_runs, extra)))
    exes = sizes = None
    if "startup" in parts:
        log("build start-up programs")
        exes, sizes = startup.build(w2n, args.cpu)

    # ---- verify outputs, then time ----
    for b, _ in todo:
        log("verify %s" % b.name)
        timing.verify(b, args.timeout)
    log("timing: waiting for load < %.2f" % args.max_load)
    results["meta"]["load_before"] = wait_for_quiet(args.max_load, args.max_wait)
    for b, stats in todo:
        log("time %s (%s)" % (b.name, " ".join(v for v in VARIANTS if v in b.commands)))
        samples = timing.measure(b, args.rounds, args.timeout)
        entry = {"name": b.name, "suite": b.suite, "times": timing.summarize(samples),
                 "samples": samples, "unavailable": b.unavailable, "compile": stats,
                 "notes": b.notes,
                 "wasm_size": os.path.getsize(b.wasm)}
        results["benchmarks"].append(entry)
        with open(os.path.join(OUT, "results.partial.json"), "w") as f:
            json.dump(results, f)
    if exes:
        log("start-up: %d rounds" % args.startup_rounds)
        results["startup"] = {"times": startup.measure(exes, args.startup_rounds), "sizes": sizes}
    if "library-calls" in parts:
        results["library_calls"] = library_calls(w2n, args)
    results["meta"]["load_after"] = loadavg()
    write_outputs(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
