"""Runs the variants of each benchmark interleaved (A B C D A B C D ...), checks their output,
and collects the time of the region between bench.start and bench.end, which every variant
appends to the file named by W2N_BENCH_OUT, plus each process's wall time."""

import os
import tempfile

from common import VARIANTS, log, median, run


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _run_once(argv, cwd, timeout):
    """One run: (Result, region seconds or None)."""
    fd, marks = tempfile.mkstemp(prefix="w2n-bench-")
    os.close(fd)
    env = dict(os.environ, W2N_BENCH_OUT=marks)
    try:
        r = run(argv, cwd=cwd, env=env, timeout=timeout)
        lines = _read(marks).split()
    finally:
        os.remove(marks)
    region = int(lines[-1]) / 1e9 if lines else None
    return r, region


def _describe_failure(r):
    if r.timed_out:
        return "timed out"
    err = r.stderr.decode(errors="replace").strip().splitlines()
    return "exit status %d%s" % (r.status, (": " + err[-1][:160]) if err else "")


def verify(b, timeout):
    """Runs each available variant once (this also warms caches). A variant whose output differs
    from the expectation is marked unavailable with the reason, and is not timed. Kernels are
    compared with the native build; Sightglass modules with their *.expected files (or, where
    the snapshot has none, with node's output)."""
    outputs = {}
    for v in VARIANTS:
        if v not in b.commands:
            continue
        r, region = _run_once(b.commands[v], b.cwd, timeout)
        if r.status != 0:
            b.unavailable[v] = "failed: " + _describe_failure(r)
            del b.commands[v]
        elif region is None:
            b.unavailable[v] = "never called bench.end"
            del b.commands[v]
        else:
            outputs[v] = (r.stdout, r.stderr)
    if b.expected_stdout:
        want_out = _read(b.expected_stdout)
        want_err = _read(b.expected_stderr) if b.expected_stderr else None
        source = "the expected output"
    elif b.suite == "kernels" and "native" in outputs:
        want_out, want_err = outputs["native"][0], None
        source = "the native output"
    else:
        b.notes.append("output not verified: the snapshot has no expected output")
        return
    # Trailing whitespace is not compared: libsodium's expectation lacks the final newline.
    for v, (out, err) in outputs.items():
        bad = []
        if out.rstrip() != want_out.rstrip():
            bad.append("stdout")
        if want_err is not None and err.rstrip() != want_err.rstrip():
            bad.append("stderr")
        if bad:
            b.unavailable[v] = "output mismatch (%s differs from %s)" % (" and ".join(bad), source)
            del b.commands[v]


def measure(b, rounds, timeout):
    """`rounds` interleaved rounds over the verified variants; returns
    {variant: {"region": [s...], "wall": [s...]}}."""
    samples = {v: {"region": [], "wall": []} for v in VARIANTS if v in b.commands}
    for _ in range(rounds):
        for v in VARIANTS:
            if v not in b.commands:
                continue
            r, region = _run_once(b.commands[v], b.cwd, timeout)
            if r.status != 0 or region is None:
                b.unavailable[v] = "failed during timing: " + _describe_failure(r)
                del b.commands[v]
                samples.pop(v, None)
                continue
            samples[v]["region"].append(region)
            samples[v]["wall"].append(r.wall)
    return samples


def summarize(samples):
    """Median and min-max of each variant's region and wall times."""
    out = {}
    for v, s in samples.items():
        if not s["region"]:
            continue
        out[v] = {
            "median": median(s["region"]), "min": min(s["region"]), "max": max(s["region"]),
            "wall_median": median(s["wall"]), "n": len(s["region"]),
        }
    return out
