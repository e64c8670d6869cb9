#!/usr/bin/env python3
"""Runs the WASI preview1 test suite (testdata/wasi-testsuite, the 72 wasm32-wasip1 modules)
through wasm2native for one target and checks each against its JSON specification, as
doc/specification.md of the suite describes: args, env and dirs for the run; the exit code
(default 0); stdout and stderr only when the specification gives them. A module without a JSON
file gets the suite's default specification (no arguments, nothing granted, exit code 0).

Each test runs in a fresh temporary directory holding a copy of the fixture directories it is
granted (so tests that write never modify the shared test data); each directory in "dirs" is
granted as --dir NAME (relative, resolved against that working directory at run time).

Prints one line per test and "N passed, M failed"; with --baseline, fails (exit 1) when a test
listed in the baseline file fails, and says which tests pass without being listed. Exit 77 when
the test data is absent."""

import argparse
import concurrent.futures
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import tempfile

SUITES = ("assemblyscript", "c", "rust")
RUN_TIMEOUT = 120


def find_tests(testdata):
    root = os.path.join(testdata, "wasi-testsuite", "tests")
    tests = []
    for suite in SUITES:
        d = os.path.join(root, suite, "testsuite", "wasm32-wasip1")
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".wasm"):
                tests.append((suite, d, name[: -len(".wasm")]))
    return tests


def load_spec(directory, name):
    """The legacy specification (args, dirs, env, exit_code, stdout, stderr); an
    operations-style file is reduced to its run/read/wait operations."""
    spec = {"args": [], "dirs": [], "env": {}, "exit_code": 0, "stdout": None, "stderr": None}
    path = os.path.join(directory, name + ".json")
    if not os.path.exists(path):
        return spec, False
    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    if "operations" in config:
        for op in config["operations"]:
            kind = op.get("type")
            if kind == "run":
                for key in ("args", "dirs", "env"):
                    if key in op:
                        spec[key] = op[key]
            elif kind == "wait":
                spec["exit_code"] = op.get("exit_code", 0)
            elif kind == "read":
                spec[op.get("id", "stdout")] = op.get("payload", "")
            else:
                spec["unsupported"] = kind
    else:
        for key in spec:
            if key in config:
                spec[key] = config[key]
    return spec, True


def make_writable(path):
    for dirpath, dirnames, filenames in os.walk(path):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | stat.S_IWUSR)
    os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)


def run_test(args, suite, directory, name):
    spec, has_json = load_spec(directory, name)
    label = f"{suite}/{name}"
    if "unsupported" in spec:
        return label, False, f"unsupported operation {spec['unsupported']}"
    with tempfile.TemporaryDirectory(prefix="w2n-wasi-") as work:
        exe = os.path.join(work, name + ".exe")
        cmd = [args.wasm2native, os.path.join(directory, name + ".wasm"), "-o", exe,
               "--target", args.arch + "-linux"]
        for d in spec["dirs"]:
            dst = os.path.join(work, d)
            shutil.copytree(os.path.join(directory, d), dst, symlinks=True)
            make_writable(dst)
            cmd += ["--dir", d]
        for key, value in spec["env"].items():
            cmd += ["--env", f"{key}={value}"]
        built = subprocess.run(cmd, capture_output=True)
        if built.returncode != 0:
            return label, False, "compile failed: " + built.stderr.decode(errors="replace")[:300]
        runner = [] if args.arch == platform.machine() else [f"qemu-{args.arch}-static"]
        try:
            ran = subprocess.run(runner + [exe] + list(spec["args"]), cwd=work,
                                 stdin=subprocess.DEVNULL, capture_output=True,
                                 timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            return label, False, f"timed out after {RUN_TIMEOUT} s"
        problems = []
        if ran.returncode != spec["exit_code"]:
            problems.append(f"exit code {ran.returncode}, expected {spec['exit_code']}")
        for stream, got in (("stdout", ran.stdout), ("stderr", ran.stderr)):
            want = spec[stream]
            if want is not None and got.decode(errors="replace") != want:
                problems.append(f"{stream} {got[:200]!r}, expected {want[:200]!r}")
        if problems and ran.stderr:
            problems.append("stderr: " + ran.stderr.decode(errors="replace").strip()[:400])
        note = "" if has_json else " (no JSON: default specification)"
        return label, not problems, "; ".join(problems) or note


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wasm2native", required=True)
    parser.add_argument("--arch", default=platform.machine(), choices=("x86_64", "aarch64"))
    parser.add_argument("--testdata", required=True)
    parser.add_argument("--baseline", help="tests expected to pass, one per line")
    parser.add_argument("--write-baseline", help="write the passing tests to this file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("filter", nargs="*", help="run only tests whose name contains one of these")
    args = parser.parse_args()

    tests = find_tests(args.testdata)
    if not tests:
        print(f"wasi-testsuite not found under {args.testdata}: skipped")
        return 77
    if args.filter:
        tests = [t for t in tests if any(f in f"{t[0]}/{t[2]}" for f in args.filter)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda t: run_test(args, *t), tests))
    passed = sorted(label for label, ok, _ in results if ok)
    for label, ok, detail in results:
        print(("PASS " if ok else "FAIL ") + label + (": " + detail if detail and not ok else detail))
    print(f"wasi-testsuite ({args.arch}): {len(passed)} passed, {len(results) - len(passed)} failed")

    if args.write_baseline:
        with open(args.write_baseline, "w", encoding="utf-8") as f:
            f.write("".join(label + "\n" for label in passed))
    status = 0
    if args.baseline:
        with open(args.baseline, encoding="utf-8") as f:
            expected = {line.strip() for line in f if line.strip() and not line.startswith("#")}
        ran = {label for label, _, _ in results}
        regressions = sorted((expected & ran) - set(passed))
        new = sorted(set(passed) - expected)
        for label in regressions:
            print(f"REGRESSION {label} (listed in {args.baseline})")
        for label in new:
            print(f"NEW PASS {label} (not yet in {args.baseline})")
        status = 1 if regressions else 0
    elif len(passed) != len(results):
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
