"""Shared pieces of the benchmark harness: paths, the tools it runs, a process runner that
measures wall time and peak memory of one child (wait4), and the statistics it reports."""

import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(BENCH, "out")
KERNELS = os.path.join(BENCH, "kernels")
TESTDATA = os.environ.get("W2N_TESTDATA", os.path.join(os.path.dirname(ROOT), "shared", "testdata"))
SIGHTGLASS = os.path.join(TESTDATA, "sightglass", "benchmarks")

CLANG = "clang-19"
GCC = "gcc"
WASM2C = "wasm2c"
STRIP = shutil.which("llvm-strip-19") or "strip"
NODE = "node"

# The engines, in the order each round runs them.
VARIANTS = ["native", "w2n", "node", "wasm2c"]
LABELS = {
    "native": "native clang-19 -O2",
    "w2n": "wasm2native",
    "node": "node (V8)",
    "wasm2c": "wasm2c + gcc -O2",
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def first_line(cmd):
    """The first line a command prints (a version), or "?"."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            return "%s, %d cores" % (m.group(1).strip() if m else platform.machine(),
                                     os.cpu_count())
    except OSError:
        return platform.machine()


class Result:
    """One finished process: status, wall seconds, peak RSS in KiB, output files."""

    def __init__(self, status, wall, maxrss_kb, stdout, stderr, timed_out=False):
        self.status = status
        self.wall = wall
        self.maxrss_kb = maxrss_kb
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out


def run(cmd, cwd=None, env=None, timeout=600, stdin=subprocess.DEVNULL):
    """Runs cmd to completion, capturing its output, with its own wait4 rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return Result(-9, time.perf_counter() - start, 0, out, err, timed_out=True)
    # communicate() reaped the child with waitpid; its rusage is gone, so measure memory through
    # a separate helper when it matters (run_rusage).
    return Result(proc.returncode, time.perf_counter() - start, 0, out, err)


def run_rusage(cmd, cwd=None, env=None, timeout=600):
    """Runs cmd with stdout/stderr to temporary files and returns wall time and peak RSS from
    wait4 on exactly this child (compilers, where memory matters)."""
    import tempfile
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err)
        deadline = start + timeout
        status = None
        usage = None
        while True:
            pid, st, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                status = os.waitstatus_to_exitcode(st)
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, st, usage = os.wait4(proc.pid, 0)
                status = -9
                break
            time.sleep(0.002)
        wall = time.perf_counter() - start
        proc.returncode = status  # reaped here; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        return Result(status, wall, usage.ru_maxrss if usage else 0, out.read(), err.read(),
                      timed_out=status == -9)


def check(cmd, **kw):
    """Runs a build step; raises with its output when it fails."""
    r = run(cmd, **kw)
    if r.status != 0:
        raise RuntimeError("command failed (%s): %s\n%s%s" % (
            r.status, " ".join(cmd), r.stdout.decode(errors="replace")[-2000:],
            r.stderr.decode(errors="replace")[-4000:]))
    return r


def median(xs):
    return statistics.median(xs) if xs else None


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    if not xs:
        return None
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def loadavg():
    return os.getloadavg()[0]


def wait_for_quiet(max_load, max_wait):
    """Waits until the 1-minute load average is below max_load (other work on the machine
    distorts timings), at most max_wait seconds. Returns the load when it stopped waiting."""
    waited = 0
    while loadavg() >= max_load and waited < max_wait:
        if waited % 60 == 0:
            log("  waiting for a quiet machine: load %.2f >= %.2f (%ds so far)" % (
                loadavg(), max_load, waited))
        time.sleep(10)
        waited += 10
    return loadavg()
