"""Builds every variant of every benchmark into bench/out, and measures wasm2native itself:
compile time and peak memory at -O0 and -O2, and the stripped size of each output."""

import os
import shutil
import subprocess

from benchmarks import SIMD_ONLY_KERNELS, Benchmark
from common import (BENCH, CLANG, GCC, KERNELS, NODE, OUT, STRIP, WASM2C, check, log, median,
                    run, run_rusage)

WASM_FEATURES = ["-mbulk-memory", "-mnontrapping-fptoint"]
WASM_CFLAGS = ["--target=wasm32-wasi", "-O2"] + WASM_FEATURES


def build_wasm(src, out, flags):
    """clang-19 --target=wasm32-wasi -O2: compiled, then linked by a separate clang call without
    -O, because an optimizing clang link also runs binaryen's wasm-opt when one is on PATH (it
    re-optimizes the module and drops its name section), so the module would depend on whether
    binaryen happens to be installed. (clang 19's --no-wasm-opt skips the link altogether.)"""
    obj = out + ".o"
    check([CLANG] + WASM_CFLAGS + flags + ["-c", src, "-o", obj])
    check([CLANG, "--target=wasm32-wasi", obj, "-lm", "-o", out])
    os.remove(obj)
WASM2C_DIR = os.path.join(BENCH, "wasm2c")
NODE_DRIVER = os.path.join(BENCH, "node", "run-wasi.mjs")


def _fresh(out, inputs):
    """True when `out` exists and is newer than every input (make-style)."""
    if not os.path.exists(out):
        return False
    t = os.path.getmtime(out)
    return all(os.path.getmtime(i) <= t for i in inputs if os.path.exists(i))


def native_march(cpu):
    """The ahead-of-time compilers all target the same ISA with the same tuning: wasm2native's
    portable default is x86-64-v2 instructions tuned "generic" (clang's default tuning)."""
    return ["-march=native"] if cpu == "native" else ["-march=x86-64-v2", "-mtune=generic"]


def w2n_cpu_args(cpu):
    return ["--cpu=native"] if cpu == "native" else []


def node_command(wasm):
    major = int(subprocess.run([NODE, "--version"], capture_output=True, text=True)
                .stdout.strip().lstrip("v").split(".")[0])
    # --no-liftoff --no-wasm-lazy-compilation: V8's optimizing tier compiles every function
    # before _start, so the timed region runs V8's best code and no compilation (lazily, V8
    # compiled inside the region: 4.4 ms of libsodium-auth2's 4.5). --single-threaded-gc: without
    # it node 20.20.2 dies (SIGSEGV, or "TypeError: number 0 is not a function") after the kernels
    # that grow memory by 100+ MiB return; the GC does not run inside the timed wasm code.
    flags = ["--no-warnings", "--no-liftoff", "--no-wasm-lazy-compilation", "--single-threaded-gc"]
    if major < 20:
        flags.append("--experimental-wasi-unstable-preview1")
    return [NODE] + flags + [NODE_DRIVER, wasm]


def wasm2c_build(wasm, directory, cpu, inputs):
    """wasm2c + gcc -O2 with bench/wasm2c's WASI shim; returns the executable or raises."""
    exe = os.path.join(directory, "wasm2c.exe")
    shim = [os.path.join(WASM2C_DIR, f) for f in ("main.c", "wasi_shim.c", "wasi_shim.h")]
    if _fresh(exe, inputs + shim):
        return exe
    os.makedirs(directory, exist_ok=True)
    csrc = os.path.join(directory, "mod.c")
    r = run([WASM2C, wasm, "-n", "mod", "-o", csrc])
    if r.status != 0:
        why = r.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError("wasm2c failed (status %d)%s" % (r.status, ": " + why[-1] if why else
                                                             " (it aborts on SIMD)"))
    with open(os.path.join(directory, "mod.h")) as f:
        imports_bench = "struct Z_bench_instance_t;" in f.read()
    check([GCC, "-O2"] + native_march(cpu) + ["-ffp-contract=off", "-w", "-I", directory,
                                               "-I", WASM2C_DIR] +
          ([] if imports_bench else ["-DMOD_NO_BENCH"]) +
          [csrc, shim[0], shim[1], "-lwasm-rt-impl", "-lm", "-o", exe])
    return exe


def w2n_compile(w2n, wasm, exe, opt, cpu, extra):
    return run_rusage([w2n, wasm, "-O%d" % opt] + w2n_cpu_args(cpu) + extra + ["-o", exe],
                      timeout=3600)


def stripped_size(exe):
    tmp = exe + ".stripped"
    check([STRIP, "-o", tmp, exe])
    size = os.path.getsize(tmp)
    os.remove(tmp)
    return size


def measure_compiles(b, w2n, wasm, directory, cpu, extra, runs):
    """Compile statistics of wasm2native for one module at -O0 and -O2: medians, spreads, sizes.
    The -O2 executable stays as the one that is timed. With runs == 0 (development: --reuse),
    an -O2 executable newer than the module and the compiler is kept and no statistics taken."""
    if runs == 0:
        exe = os.path.join(directory, "w2n-O2.exe")
        if not _fresh(exe, [wasm, w2n]):
            r = w2n_compile(w2n, wasm, exe, 2, cpu, extra)
            if r.status != 0:
                raise RuntimeError("wasm2native -O2 failed: %s" % (
                    r.stderr.decode(errors="replace").strip()[-600:]))
        return None
    stats = {}
    for opt in (0, 2):
        exe = os.path.join(directory, "w2n-O%d.exe" % opt)
        walls, rss = [], []
        for _ in range(runs):
            r = w2n_compile(w2n, wasm, exe, opt, cpu, extra)
            if r.status != 0:
                raise RuntimeError("wasm2native -O%d failed: %s" % (
                    opt, r.stderr.decode(errors="replace").strip()[-600:]))
            walls.append(r.wall)
            rss.append(r.maxrss_kb)
        stats["O%d" % opt] = {"wall": median(walls), "wall_min": min(walls), "wall_max": max(walls),
                              "maxrss_kb": max(rss), "size": os.path.getsize(exe),
                              "stripped": stripped_size(exe)}
    return stats


def build_kernel(name, w2n, cpu, compile_runs):
    """Builds the four variants of one kernel; returns (Benchmark, compile stats or None)."""
    src = os.path.join(KERNELS, name + ".c")
    header = os.path.join(KERNELS, "bench.h")
    d = os.path.join(OUT, "kernels", name)
    os.makedirs(d, exist_ok=True)
    b = Benchmark("kernels/" + name, "kernels", os.path.join(d, name + ".wasm"), cwd=d)
    inputs = [src, header]

    native = os.path.join(d, "native.exe")
    check([CLANG, "-O2"] + native_march(cpu) +
          ["-ffp-contract=off", src, os.path.join(BENCH, "native", "bench_native.c"), "-lm", "-o",
           native])
    b.commands["native"] = [native]

    # The module every WebAssembly engine runs: SIMD on, as clang vectorizes natively too.
    build_wasm(src, b.wasm, ["-msimd128"])
    b.commands["node"] = node_command(b.wasm)

    stats = None
    try:
        stats = measure_compiles(b, w2n, b.wasm, d, cpu, [], compile_runs)
        b.commands["w2n"] = [os.path.join(d, "w2n-O2.exe")]
    except RuntimeError as e:
        b.unavailable["w2n"] = str(e).splitlines()[0]

    # wabt 1.0.32's wasm2c cannot translate SIMD: it gets the scalar build of the same source.
    if name in SIMD_ONLY_KERNELS:
        b.unavailable["wasm2c"] = "wasm2c 1.0.32 has no SIMD support"
    else:
        scalar = os.path.join(d, name + ".scalar.wasm")
        build_wasm(src, scalar, [])
        try:
            b.commands["wasm2c"] = [wasm2c_build(scalar, os.path.join(d, "wasm2c-" + cpu), cpu,
                                                 [scalar] + inputs)]
        except RuntimeError as e:
            b.unavailable["wasm2c"] = str(e).splitlines()[0]
    return b, stats


def w2n_sightglass_args(w2n):
    """Preopens the working directory as "." when this wasm2native supports --dir."""
    r = run([w2n, "--help"])
    text = (r.stdout + r.stderr).decode(errors="replace")
    return ["--dir", "."] if "--dir" in text else []


def build_sightglass(b, w2n, cpu, compile_runs, w2n_extra):
    """Builds the wasm2native and wasm2c variants of one Sightglass module; node runs it as is
    and there is no native build (no sources)."""
    d = os.path.join(OUT, "sightglass", b.name)
    os.makedirs(d, exist_ok=True)
    b.unavailable["native"] = "no native build (the snapshot has no sources)"
    b.commands["node"] = node_command(b.wasm)
    stats = None
    try:
        stats = measure_compiles(b, w2n, b.wasm, d, cpu, w2n_extra, compile_runs)
        b.commands["w2n"] = [os.path.join(d, "w2n-O2.exe")]
    except RuntimeError as e:
        b.unavailable["w2n"] = str(e).splitlines()[0]
    try:
        b.commands["wasm2c"] = [wasm2c_build(b.wasm, os.path.join(d, "wasm2c-" + cpu), cpu,
                                                 [b.wasm])]
    except RuntimeError as e:
        b.unavailable["wasm2c"] = str(e).splitlines()[0]
    return stats
