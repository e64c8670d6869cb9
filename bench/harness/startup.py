"""Start-up cost: a hello-world process per engine, its wall time minus that of native
/bin/true (the cost of any process on this machine), many rounds interleaved. Also the size of
the hello-world executables."""

import os
import time

from build import node_command, native_march, stripped_size, w2n_cpu_args, wasm2c_build
from common import BENCH, CLANG, OUT, check, log, median

HELLO = os.path.join(BENCH, "startup", "hello.c")


def _spawn_wall(argv, devnull):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("%s failed during the start-up measurement" % argv[0])
    return elapsed / 1e6


def build(w2n, cpu):
    d = os.path.join(OUT, "startup")
    os.makedirs(d, exist_ok=True)
    wasm = os.path.join(d, "hello.wasm")
    exes = {"true": ["/bin/true"]}
    native = os.path.join(d, "hello.native")
    check([CLANG, "-O2"] + native_march(cpu) + [HELLO, "-o", native])
    exes["native"] = [native]
    obj = wasm + ".o"  # compiled and linked apart: see build.build_wasm
    check([CLANG, "--target=wasm32-wasi", "-O2", "-c", HELLO, "-o", obj])
    check([CLANG, "--target=wasm32-wasi", obj, "-o", wasm])
    w2n_exe = os.path.join(d, "hello.w2n")
    check([w2n, wasm, "-O2"] + w2n_cpu_args(cpu) + ["-o", w2n_exe])
    exes["w2n"] = [w2n_exe]
    node = node_command(wasm)
    import shutil
    node[0] = shutil.which(node[0])
    exes["node"] = node
    try:
        exes["wasm2c"] = [wasm2c_build(wasm, os.path.join(d, "wasm2c-" + cpu), cpu, [wasm, HELLO])]
    except RuntimeError as e:
        log("  wasm2c hello: " + str(e))
    sizes = {k: stripped_size(v[0]) for k, v in exes.items() if k in ("native", "w2n", "wasm2c")}
    return exes, sizes


def measure(exes, rounds):
    """Returns {engine: {"median": ms, "min": ms, "max": ms, "over_true": ms}}."""
    samples = {k: [] for k in exes}
    with open(os.devnull, "wb") as dn:
        fd = dn.fileno()
        for k, argv in exes.items():  # one untimed run each: page cache, node's code cache
            _spawn_wall(argv, fd)
        for i in range(rounds):
            for k, argv in exes.items():
                if k == "node" and i % 10:  # node takes ~40 ms: a tenth of the rounds suffice
                    continue
                samples[k].append(_spawn_wall(argv, fd))
    base = median(samples["true"])
    out = {}
    for k, xs in samples.items():
        out[k] = {"median": median(xs), "min": min(xs), "max": max(xs), "n": len(xs),
                  "over_true": median(xs) - base}
    return out
