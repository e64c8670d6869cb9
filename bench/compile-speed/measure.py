"""Times wasm2native's compiles for the compile-speed benchmark (see README.md): every input at
-O0 and -O2 with no cache, then (components) -O2 again from the cache the cold -O2 compile filled.
Each compile is one process; its wall time and peak RSS come from wait4 on exactly that process.
Writes OUT/compile-speed.json (every figure), OUT/compile-speed.md (the table) and
OUT/compile-speed.png (seconds against input size, log-log, with the line of constant speed)."""

import argparse
import datetime
import json
import os
import platform
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "harness"))
from common import cpu_model, first_line, loadavg, log, run_rusage, wait_for_quiet  # noqa: E402

# The goals for a 16 MB JavaScript component (not asserted: reported).
GOAL_O2_SECONDS = 60.0
GOAL_PEAK_GB = 3.0
GOAL_O0_MB_PER_S = 5.0
# A subset that keeps the run to about ten minutes: the sizes from 0.1 to 12 MB, core modules
# and components.
QUICK = ["quicksort", "bz2", "rust-html-rewriter", "sqlite3", "gcc-loops", "cm-online-stats",
         "kotlin-richards", "quickjs-lib", "spidermonkey-lib"]


def inputs(sightglass, work):
    """(name, path, is_component) for every input, smallest first."""
    found = []
    for bench in sorted(os.listdir(sightglass)):
        d = os.path.join(sightglass, bench)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith(".wasm"):
                name = bench if f in ("benchmark.wasm", bench + ".wasm") else f[:-5]
                found.append((name, os.path.join(d, f)))
    for f in ("quickjs-lib.wasm", "spidermonkey-lib.wasm"):
        found.append((f[:-5], os.path.join(work, f)))
    out = []
    for name, path in found:
        with open(path, "rb") as fh:
            head = fh.read(8)
        # A component's preamble: version 0x0d, layer 1 (a core module's is version 1, layer 0).
        out.append((name, path, head[4:8] == b"\x0d\x00\x01\x00"))
    return sorted(out, key=lambda t: os.path.getsize(t[1]))


def compile_once(w2n, path, is_component, level, work, cache=None):
    out = os.path.join(work, "out.bin")
    cmd = [w2n, path, "-O%d" % level, "-o", out, "--quiet"]
    if is_component:
        cmd.append("--trap-unknown-imports")  # componentize-js imports wasi:http
    if cache:
        cmd += ["--cache-dir", cache]
    r = run_rusage(cmd, timeout=3600)
    if r.status != 0:
        return {"error": r.stderr.decode(errors="replace").strip().splitlines()[:1]}
    size = os.path.getsize(out)
    os.remove(out)
    return {"seconds": round(r.wall, 3), "peak_mib": round(r.maxrss_kb / 1024, 1),
            "output_bytes": size}


def fmt_run(r):
    if not r:
        return "–"
    if "error" in r:
        return "fails: %s" % (r["error"][0] if r["error"] else "?")
    return "%.2f s, %.0f MiB" % (r["seconds"], r["peak_mib"])


def plot(rows, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("compile-speed: no matplotlib: no plot")
        return False
    fig, ax = plt.subplots(figsize=(7, 5))
    for key, label, marker in (("O0", "-O0", "o"), ("O2", "-O2", "s"), ("warm", "-O2 from the cache", "^")):
        pts = [(r["bytes"] / 1e6, r[key]["seconds"]) for r in rows
               if r.get(key) and "seconds" in r[key]]
        if pts:
            ax.scatter([p[0] for p in pts], [p[1] for p in pts], label=label, marker=marker)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("input size (MB)")
    ax.set_ylabel("compile wall time (s)")
    ax.set_title("wasm2native compile time against input size (2 cores)")
    # Lines of constant speed: slope 1 on a log-log plot is linear growth.
    for speed in (0.1, 1.0, 5.0):
        xs = [0.05, 20]
        ax.plot(xs, [x / speed for x in xs], linestyle=":", linewidth=0.8, color="gray")
        ax.annotate("%g MB/s" % speed, (15, 15 / speed), fontsize=7, color="gray")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--w2n", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--sightglass", required=True)
    p.add_argument("--quick", action="store_true", help="only the inputs in QUICK")
    p.add_argument("--only", help="comma-separated input names")
    p.add_argument("--max-load", type=float, default=0.5)
    p.add_argument("--max-wait", type=int, default=900)
    a = p.parse_args()

    todo = inputs(a.sightglass, a.work)
    wanted = a.only.split(",") if a.only else (QUICK if a.quick else None)
    if wanted:
        todo = [t for t in todo if t[0] in wanted]
    log("compile-speed: waiting for load < %.2f" % a.max_load)
    load_before = wait_for_quiet(a.max_load, a.max_wait)
    rows = []
    for name, path, is_component in todo:
        row = {"name": name, "bytes": os.path.getsize(path), "component": is_component}
        log("compile-speed: %s (%.2f MB)" % (name, row["bytes"] / 1e6))
        row["O0"] = compile_once(a.w2n, path, is_component, 0, a.work)
        cache = os.path.join(a.work, "cache") if is_component else None
        if cache:
            shutil.rmtree(cache, ignore_errors=True)
        row["O2"] = compile_once(a.w2n, path, is_component, 2, a.work, cache)
        if cache:
            row["warm"] = compile_once(a.w2n, path, is_component, 2, a.work, cache)
            shutil.rmtree(cache, ignore_errors=True)
        rows.append(row)
    load_after = loadavg()

    version = first_line([a.w2n, "--version"])
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    md = ["## Compile speed (issue 20)", "",
          "Generated by `bash bench/compile-speed/run.sh%s` (%s). Machine: %s, %s. "
          "1-minute load average %.2f before timing, %.2f after. Compiler: `%s`. Each figure is "
          "one compile as a whole process (wall seconds, peak RSS from wait4); components are "
          "compiled with `--trap-unknown-imports`; warm: -O2 again with `--cache-dir` filled by "
          "the cold -O2 compile." % (" --quick" if a.quick else "", stamp, cpu_model(),
                                    platform.platform(), load_before, load_after, version), "",
          "| input | kind | size | -O0 | -O0 MB/s | -O2 | warm cache | output (-O2) |",
          "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        mbs = ("%.2f" % (r["bytes"] / 1e6 / r["O0"]["seconds"])
               if r["O0"] and "seconds" in r["O0"] else "–")
        outb = ("%.1f MB" % (r["O2"]["output_bytes"] / 1e6)
                if r["O2"] and "output_bytes" in r["O2"] else "–")
        md.append("| %s | %s | %.2f MB | %s | %s | %s | %s | %s |" % (
            r["name"], "component" if r["component"] else "core module", r["bytes"] / 1e6,
            fmt_run(r["O0"]), mbs, fmt_run(r["O2"]), fmt_run(r.get("warm")), outb))
    md += ["", "Goals for a 16 MB JavaScript component (issue 20): -O2 in at most %.0f s with a "
           "peak of at most %.0f GB, -O0 at %.0f MB/s or more." % (
               GOAL_O2_SECONDS, GOAL_PEAK_GB, GOAL_O0_MB_PER_S),
           "", "Peer: wamrc (WAMR's AOT compiler) is not measured: WAMR is not in Debian, and "
           "neither its repository nor PyPI's `wamrc-bin` can be reached from these machines."]
    if plot(rows, os.path.join(a.out, "compile-speed.png")):
        md += ["", "![compile time against input size](compile-speed.png)"]
    text = "\n".join(md) + "\n"
    with open(os.path.join(a.out, "compile-speed.md"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out, "compile-speed.json"), "w") as f:
        json.dump({"generated": stamp, "version": version, "load": [load_before, load_after],
                   "rows": rows}, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
