"""Turns the harness's results into the printed table, the Markdown report and the PNG chart.
Kernels are compared with their native build; the Sightglass modules, which have no native
build, with wasm2native. Every time is the median of the interleaved runs, with min-max."""

import os

from common import LABELS, VARIANTS, geomean

PEERS = ["node", "wasm2c"]
# A benchmark whose fastest engine needs less than this (seconds) for its timed region measures
# the engines' timer and host-call overhead (node's JS calls, a system call), not their code: it
# is shown but left out of the geometric means.
TOO_SHORT = 100e-6


def too_short(b):
    medians = [t["median"] for t in b["times"].values()]
    return bool(medians) and min(medians) < TOO_SHORT


def _ms(x):
    if x is None:
        return "—"
    ms = x * 1e3
    return "%.0f" % ms if ms >= 100 else "%.1f" % ms if ms >= 10 else "%.2f" % ms


def _cell(t):
    if not t:
        return "—"
    return "%s [%s–%s]" % (_ms(t["median"]), _ms(t["min"]), _ms(t["max"]))


def _ratio(a, b):
    return a["median"] / b["median"] if a and b else None


def _fmt_ratio(r):
    return "—" if r is None else "%.3f" % r


def suites(results):
    order = []
    for b in results["benchmarks"]:
        if b["suite"] not in order:
            order.append(b["suite"])
    return order


def reference(suite):
    return "native" if suite == "kernels" else "w2n"


def suite_summary(results, suite):
    """Geometric means for one suite: each engine against the reference, and each peer against
    wasm2native on the benchmarks both ran."""
    ref = reference(suite)
    rows = [b for b in results["benchmarks"] if b["suite"] == suite and not too_short(b)]
    s = {"n": len(rows), "ref": ref, "vs_ref": {}, "peer_vs_w2n": {}, "counts": {}}
    for v in VARIANTS:
        rs = [_ratio(b["times"].get(v), b["times"].get(ref)) for b in rows]
        rs = [r for r in rs if r]
        s["vs_ref"][v] = geomean(rs)
        s["counts"][v] = len(rs)
    for p in PEERS:
        rs = [_ratio(b["times"].get(p), b["times"].get("w2n")) for b in rows]
        rs = [r for r in rs if r]
        s["peer_vs_w2n"][p] = (geomean(rs), len(rs))
    return s


def short_name(name):
    """kernels/matmul -> matmul, shootout/shootout-fib2 -> shootout-fib2,
    blake3-scalar/benchmark -> blake3-scalar."""
    directory, stem = name.split("/", 1)
    return directory if stem == "benchmark" else stem


def benchmark_table(results, suite):
    ref = reference(suite)
    head = ["benchmark"] + [LABELS[v] + " ms" for v in VARIANTS if v != "native" or ref ==
                            "native"]
    ratio_vs = [v for v in VARIANTS if v != ref and (v != "native" or ref == "native")]
    head += ["%s / %s" % (v, ref) for v in ratio_vs]
    rows = []
    for b in results["benchmarks"]:
        if b["suite"] != suite:
            continue
        t = b["times"]
        row = [short_name(b["name"]) + (" (too short)" if too_short(b) else "")]
        row += [_cell(t.get(v)) for v in VARIANTS if v != "native" or ref == "native"]
        row += [_fmt_ratio(_ratio(t.get(v), t.get(ref))) for v in ratio_vs]
        rows.append(row)
    return head, rows


def _plain(head, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda r: "  ".join(str(x).ljust(w) for x, w in zip(r, widths))
    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _md(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return "\n".join(out)


def summary_rows(results):
    head = ["suite", "benchmarks timed", "w2n / native", "node / native", "wasm2c / native",
            "node / w2n", "wasm2c / w2n"]
    rows = []
    for suite in suites(results):
        s = suite_summary(results, suite)
        vs = s["vs_ref"] if s["ref"] == "native" else {}
        g = lambda v: ("%.3f (%d)" % (vs[v], s["counts"][v])) if vs.get(v) else "—"
        p = lambda v: ("%.3f (%d)" % s["peer_vs_w2n"][v]) if s["peer_vs_w2n"][v][0] else "—"
        rows.append([suite, s["n"], g("w2n"), g("node"), g("wasm2c"), p("node"), p("wasm2c")])
    return head, rows


def compile_rows(results):
    head = ["benchmark", "wasm bytes", "-O0 s [min–max]", "-O0 peak MiB", "-O2 s [min–max]",
            "-O2 peak MiB", "-O0 stripped KiB", "-O2 stripped KiB"]
    rows = []
    for b in results["benchmarks"]:
        c = b.get("compile")
        if not c:
            continue
        f = lambda o: "%.2f [%.2f–%.2f]" % (c[o]["wall"], c[o]["wall_min"], c[o]["wall_max"])
        rows.append([b["name"], b.get("wasm_size", ""), f("O0"), "%.0f" % (c["O0"]["maxrss_kb"] / 1024),
                     f("O2"), "%.0f" % (c["O2"]["maxrss_kb"] / 1024),
                     "%.0f" % (c["O0"]["stripped"] / 1024), "%.0f" % (c["O2"]["stripped"] / 1024)])
    return head, rows


def startup_rows(results):
    st = results.get("startup")
    if not st:
        return None
    head = ["program", "median ms [min–max]", "minus /bin/true ms", "runs", "stripped bytes"]
    rows = []
    for k in ["true", "native", "w2n", "node", "wasm2c"]:
        if k not in st["times"]:
            continue
        t = st["times"][k]
        rows.append([LABELS.get(k, "/bin/true"), "%.3f [%.3f–%.3f]" % (t["median"], t["min"],
                                                                        t["max"]),
                     "%.3f" % t["over_true"] if k != "true" else "0",
                     t["n"], st["sizes"].get(k, "")])
    return head, rows


def unavailable_rows(results):
    rows = []
    for b in results["benchmarks"]:
        for v, why in sorted(b["unavailable"].items()):
            if v == "native" and b["suite"] != "kernels":
                continue
            rows.append([b["name"], LABELS[v], why])
        for note in b.get("notes", []):
            rows.append([b["name"], "(all)", note])
    for name, why in sorted(results.get("skipped", {}).items()):
        rows.append([name, "(all)", "not run: " + why])
    return ["benchmark", "engine", "why not measured"], rows


def goals(results):
    lines = []
    ks = suite_summary(results, "kernels") if "kernels" in suites(results) else None
    if ks and ks["vs_ref"].get("w2n"):
        g = ks["vs_ref"]["w2n"]
        lines.append("- wasm2native / native geometric mean on the C kernels: **%.3f** (goal ≤ 1.05: %s)"
                     % (g, "met" if g <= 1.05 else "not met"))
    for suite in suites(results):
        s = suite_summary(results, suite)
        for p in PEERS:
            g, n = s["peer_vs_w2n"][p]
            if g:
                lines.append("- %s: %s / wasm2native = %.3f over %d benchmarks (%s)" % (
                    suite, LABELS[p], g, n, "wasm2native ahead" if g > 1 else "wasm2native behind"))
    st = results.get("startup")
    if st and "w2n" in st["times"]:
        over = st["times"]["w2n"]["over_true"]
        lines.append("- hello world start-up over /bin/true: **%.3f ms** (goal ≤ 0.5 ms: %s); "
                     "stripped size %d bytes (goal < 200 KB: %s)" % (
                         over, "met" if over <= 0.5 else "not met", st["sizes"]["w2n"],
                         "met" if st["sizes"]["w2n"] < 200 * 1024 else "not met"))
    return lines


def text_report(results):
    parts = ["", "== Summary: geometric means of time ratios (benchmarks counted) =="]
    parts.append(_plain(*summary_rows(results)))
    for suite in suites(results):
        parts += ["", "== %s: region time ms, median [min–max] of %d runs; ratios of medians ==" % (
            suite, results["meta"]["rounds"]), _plain(*benchmark_table(results, suite))]
    st = startup_rows(results)
    if st:
        parts += ["", "== Start-up (hello world) ==", _plain(*st)]
    c = compile_rows(results)
    if c[1]:
        parts += ["", "== wasm2native compile time, peak memory, stripped size ==", _plain(*c)]
    u = unavailable_rows(results)
    if u[1]:
        parts += ["", "== Not measured ==", _plain(*u)]
    parts += ["", "== Goals =="] + goals(results)
    if results.get("library_calls"):
        parts += ["", results["library_calls"]]
    return "\n".join(parts) + "\n"


def markdown_report(results, chart_names):
    m = results["meta"]
    out = ["# wasm2native benchmark report", "",
           "Generated by `bash bench/run.sh` (%s). Machine: %s, %s. Load average %.2f before, "
           "%.2f after. %d interleaved rounds per benchmark (A B C D A B C D ...) after one "
           "verification run; times are medians with [min–max]; ratios are ratios of medians. "
           "Only the region between `bench.start` and `bench.end` is timed." % (
               m["date"], m["cpu_model"], m["kernel"], m["load_before"], m["load_after"],
               m["rounds"]), "",
           "Engines: %s. CPU target of the ahead-of-time builds: %s." % (
               "; ".join("%s = `%s`" % (LABELS[v], m["versions"].get(v, "")) for v in VARIANTS),
               m["cpu"]), "",
           "WebAssembly builds: `clang-19 --target=wasm32-wasi -O2 %s` (+ `-msimd128`; wasm2c "
           "gets the same source built without `-msimd128`, since wabt 1.0.32's wasm2c aborts on "
           "SIMD). Native builds: `clang-19 -O2 %s -ffp-contract=off`." % (
               " ".join(m["wasm_flags"]), m["march"]), "",
           "## Goals", ""] + goals(results) + [
               "", "## Summary (geometric means of time ratios; benchmarks counted)", "",
               "Sightglass has no native builds, so its suites compare the peers with wasm2native "
               "(above 1: wasm2native is faster). Benchmarks whose fastest engine times less "
               "than %.0f µs (marked \"too short\") measure timer and host-call overhead and are "
               "left out of the means." % (TOO_SHORT * 1e6), "", _md(*summary_rows(results))]
    for name in chart_names:
        out += ["", "![chart](%s)" % name]
    for suite in suites(results):
        out += ["", "## %s" % suite, "", "Region time in ms; ratios against %s." % LABELS[
            reference(suite)], "", _md(*benchmark_table(results, suite))]
    st = startup_rows(results)
    if st:
        out += ["", "## Start-up: hello world", "",
                "Wall time per process (spawn to exit, output to /dev/null), then minus the "
                "median of native `/bin/true`.", "", _md(*st)]
    c = compile_rows(results)
    if c[1]:
        out += ["", "## wasm2native compile time, peak memory and output size", "",
                "%d compile(s) per level; peak RSS of the compiler process (wait4)." %
                m["compile_runs"], "", _md(*c)]
    u = unavailable_rows(results)
    if u[1]:
        out += ["", "## Not measured", "", _md(*u)]
    if results.get("library_calls"):
        out += ["", results["library_calls"]]
    return "\n".join(out) + "\n"


def chart(results, path):
    """Per-kernel ratios against native, and each suite's geometric means against
    wasm2native, as bars on a log scale."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"native": "#777777", "w2n": "#1f77b4", "node": "#2ca02c", "wasm2c": "#ff7f0e"}
    fig, axes = plt.subplots(2, 1, figsize=(13, 9))
    ks = [b for b in results["benchmarks"] if b["suite"] == "kernels"]
    ax = axes[0]
    width = 0.27
    for i, v in enumerate(["w2n", "node", "wasm2c"]):
        xs, ys = [], []
        for j, b in enumerate(ks):
            r = _ratio(b["times"].get(v), b["times"].get("native"))
            if r:
                xs.append(j + (i - 1) * width)
                ys.append(r)
        ax.bar(xs, ys, width, label=LABELS[v], color=colors[v])
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(ks)))
    ax.set_xticklabels([b["name"].split("/")[1] for b in ks], rotation=30, ha="right")
    ax.set_ylabel("time / native (log)")
    ax.set_title("C kernels: time relative to the native build (lower is better)")
    ax.legend()

    ax = axes[1]
    ss = suites(results)
    for i, p in enumerate(["node", "wasm2c"]):
        xs, ys = [], []
        for j, suite in enumerate(ss):
            g = suite_summary(results, suite)["peer_vs_w2n"][p][0]
            if g:
                xs.append(j + (i - 0.5) * 0.35)
                ys.append(g)
        ax.bar(xs, ys, 0.35, label=LABELS[p], color=colors[p])
    ax.axhline(1.0, color=colors["w2n"], linewidth=1.5, label="wasm2native = 1")
    ax.set_yscale("log")
    ax.set_xticks(range(len(ss)))
    ax.set_xticklabels(ss)
    ax.set_ylabel("peer time / wasm2native (log)")
    ax.set_title("Geometric mean per suite, relative to wasm2native (above 1: wasm2native ahead)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
