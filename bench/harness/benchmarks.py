"""What the harness measures: the C kernels in bench/kernels and the Sightglass core modules
that validate as WebAssembly 2.0 and import only `bench` and WASI preview1."""

import os
import re
import subprocess

from common import KERNELS, SIGHTGLASS

# Kernels whose WebAssembly build uses 128-bit SIMD on purpose (no scalar build exists for it).
SIMD_ONLY_KERNELS = {"simd"}


class Benchmark:
    def __init__(self, name, suite, wasm, cwd=None, expected_stdout=None, expected_stderr=None):
        self.name = name          # unique, e.g. "kernels/matmul" or "shootout/shootout-fib2"
        self.suite = suite
        self.wasm = wasm          # the module node runs (for kernels: the SIMD-enabled build)
        self.cwd = cwd            # working directory of every run (Sightglass: the module's dir)
        self.expected_stdout = expected_stdout
        self.expected_stderr = expected_stderr
        self.commands = {}        # variant -> argv
        self.unavailable = {}     # variant -> reason
        self.notes = []


def kernel_names():
    return sorted(f[:-2] for f in os.listdir(KERNELS) if f.endswith(".c"))


def _expected(directory, stem, stream):
    for name in (stem + "." + stream + ".expected", "default." + stream + ".expected"):
        p = os.path.join(directory, name)
        if os.path.exists(p):
            return p
    return None


def _imports(wasm):
    r = subprocess.run(["wasm-objdump", "-x", "-j", "Import", wasm], capture_output=True, text=True)
    return set(re.findall(r"<- ([A-Za-z0-9_]+)\.", r.stdout))


def _validates(wasm):
    return subprocess.run(["wasm-validate", wasm], capture_output=True).returncode == 0


def _is_core_module(wasm):
    with open(wasm, "rb") as f:
        head = f.read(8)
    return head == b"\0asm\x01\0\0\0"


def sightglass_suite(directory):
    if directory == "shootout":
        return "sightglass-shootout"
    if directory == "libsodium":
        return "sightglass-libsodium"
    return "sightglass-apps"


def sightglass_modules(pattern=None):
    """Returns (benchmarks, skipped) where skipped maps name -> reason."""
    found, skipped = [], {}
    if not os.path.isdir(SIGHTGLASS):
        return found, {"sightglass": "test data not found at " + SIGHTGLASS}
    for directory in sorted(os.listdir(SIGHTGLASS)):
        full = os.path.join(SIGHTGLASS, directory)
        if not os.path.isdir(full):
            continue
        for f in sorted(os.listdir(full)):
            if not f.endswith(".wasm"):
                continue
            stem = f[:-5]
            name = directory + "/" + stem
            if pattern and not re.search(pattern, name):
                continue
            wasm = os.path.join(full, f)
            if not _is_core_module(wasm):
                skipped[name] = "a component, not a core module"
                continue
            if not _validates(wasm):
                skipped[name] = "does not validate as WebAssembly 2.0 (wabt 1.0.32)"
                continue
            extra = _imports(wasm) - {"bench", "wasi_snapshot_preview1"}
            if extra:
                skipped[name] = "imports " + ", ".join(sorted(extra))
                continue
            out = _expected(full, stem, "stdout")
            if out is None and directory in ("hex-simd", "meshoptimizer", "rust-protobuf"):
                skipped[name] = "its input or expected output is missing from the snapshot"
                continue
            if directory in ("meshoptimizer", "rust-protobuf"):
                skipped[name] = "its input is missing from the snapshot (over 4 MiB)"
                continue
            b = Benchmark(name, sightglass_suite(directory), wasm, cwd=full,
                          expected_stdout=out, expected_stderr=_expected(full, stem, "stderr"))
            found.append(b)
    return found, skipped
