#!/usr/bin/env python3
"""WASI 0.2 command components, compiled by wasm2native and checked against jco on node.

Each programs/*.c is built with clang-19 for wasm32-wasi (plus heapfix.c), wrapped into a command
component with `jco new --wasi-command`, and transpiled with `jco transpile`. Every case runs the
component under driver.mjs (preview2-shim: the reference) and as the executable wasm2native makes
of it, with the same arguments, environment, stdin and a fresh copy of the same preopened
directory; stdout, stderr, exit status and the directory left behind must match.

Traps are compared as "trapped", not by status or message: wasm2native exits with 134 and prints
its own trap message, jco throws a JS error (the driver turns any exception into status 134). The
compiled program must end with a nonzero status (or SIGABRT; any other signal is a crash) and
print exactly the reference's stdout, i.e. nothing after the trap.

A case whose status WASI 0.2 fixes (exit carries only ok/err, so exit(7) ends with status 1) is
checked against that too, on both sides. Where preview2-shim is known to be wrong (empty strings),
a case gives the stdout the spec requires instead of comparing with jco's; its answer that every
stream is a terminal is corrected by driver.mjs (the runner's streams are files and pipes).

Exit status: 1 when a case listed in the baseline fails, 77 when node or jco is missing, else 0.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
JCO_DIR = HERE.parent / "component"  # the pinned jco install the component wast suite uses
TRAP_STATUS = 134
TIMEOUT = 120


def stdin_lines():
    return "".join(f"line {i}: {'x' * (i % 97)} {i * i}\n" for i in range(3000)).encode() + b"no newline at the end"


INITIAL_TREE = {"in.txt": b"first line\nsecond line\n", "sub/old.txt": b"to be removed\n"}

# The preview1 adapter's words when it finds its state overwritten (a magic word changed).
ADAPTER_ASSERT = b"assertion failed at adapter line"

# name: (program, argv[1:], options); options: env, stdin (bytes), dirs (guest path: initial tree),
# trap (the program must trap), trap_stderr (what both sides' stderr must then contain), status
# (what WASI 0.2 says the exit status must be), spec_stdout (the stdout the spec requires, where
# jco is known to be wrong).
CASES = {
    "args": ("args", ["a b", "héllo wörld", "--flag=x", "-", "*", "tab\there"], {}),
    "args-many": ("args", [f"arg{i}-" + "y" * (i % 300) for i in range(2000)], {}),
    "env": ("env", [], {"env": {"FOO": "bar", "GREETING": "hello world", "EQUALS": "a=b=c", "UNICODE": "ünïcödé"}}),
    "env-empty": ("env", [], {}),
    # preview2-shim lowers an empty string without calling realloc (TOOLCHAIN.md) and the adapter
    # then reads another variable's bytes: the expected output is the spec's, not jco's.
    "env-empty-value": ("env", [], {"env": {"EMPTY": "", "A": "1"},
                                    "spec_stdout": b"count=2\nA=1\nEMPTY=\nGREETING=(unset)\nNOT_GRANTED=(unset)\n"}),
    "args-empty": ("args", ["", "x", ""], {}),
    "stdin": ("stdin", [], {"stdin": stdin_lines()}),
    "stdin-empty": ("stdin", [], {"stdin": b""}),
    "stdin-to-stdout": ("cat", [], {"stdin": bytes(range(256)) * 6000}),
    "bigout": ("bigout", [], {}),
    "streams": ("streams", [], {"stdin": b"some input\n" * 1000}),
    "files": ("files", [], {"dirs": {"/data": INITIAL_TREE}}),
    "fs-errors": ("fserrors", [], {"dirs": {"/data": INITIAL_TREE}}),
    "fs-no-preopen": ("files", [], {}),
    "fs-metadata": ("fsmeta", [], {"dirs": {"/data": INITIAL_TREE}}),
    "readdir-many": ("readdir", [], {"dirs": {"/data": INITIAL_TREE}}),
    "file-names": ("names", [], {"dirs": {"/data": INITIAL_TREE}}),
    "fs-edges": ("fsedge", [], {"dirs": {"/data": INITIAL_TREE}}),
    "fs-ops": ("fsops", [], {"dirs": {"/data": INITIAL_TREE, "/other": {}}}),
    "big-file": ("bigfile", [], {"dirs": {"/data": INITIAL_TREE}}),
    "relative-paths": ("cwd", [], {"dirs": {"/data": INITIAL_TREE}}),
    # terminal-stdin/stdout/stderr must answer none when the stream is not a terminal (preview2-shim
    # always answers a terminal unless driver.mjs says otherwise, as it does).
    "not-a-terminal": ("isatty", [], {"spec_stdout": b"isatty 0 0 0\n"}),
    "clocks": ("clocks", [], {}),
    "random": ("random", [], {}),
    "exit-0": ("exit", ["exit", "0"], {"status": 0}),
    "exit-1": ("exit", ["exit", "1"], {"status": 1}),
    "exit-7": ("exit", ["exit", "7"], {"status": 1}),
    "return-0": ("exit", ["return", "0"], {"status": 0}),
    "return-3": ("exit", ["return", "3"], {"status": 1}),
    "exit-after-output": ("exit", ["exit", "5", "30000"], {"status": 1}),
    "trap-unreachable": ("trap", ["unreachable"], {"trap": True}),
    "trap-divzero": ("trap", ["divzero"], {"trap": True}),
    "trap-oob": ("trap", ["oob"], {"trap": True}),
    "trap-stack-overflow": ("trap", ["stack"], {"trap": True}),
    "trap-indirect-mismatch": ("trap", ["indirect"], {"trap": True}),
    "trap-after-output": ("trap", ["after-output"], {"trap": True}),
    "malloc": ("malloc", [], {}),
    # The program's bug, not the runtime's: every correct runtime ends it with the adapter's trap.
    "malloc-over-adapter-state": ("malloc-nofix", [], {"trap": True}),
    # getentropy's bytes land on the adapter's state (programs/entropy.c): the trap comes at the
    # same call under every engine; unflushed, stdout (not a terminal) loses the lines before it.
    "entropy-over-adapter-state": ("entropy-nofix", ["flush"], {"trap": True, "trap_stderr": ADAPTER_ASSERT}),
    "entropy-over-adapter-state-buffered": ("entropy-nofix", [], {"trap": True, "trap_stderr": ADAPTER_ASSERT}),
    "stdio": ("stdio", [], {}),
    "compute": ("compute", [], {}),
}
# What the guest may see of the host: nothing but what the case grants.
HOST_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NOT_GRANTED": "leaked"}


class Failure(Exception):
    pass


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, **kw)
    if r.returncode != 0:
        msg = (r.stderr or r.stdout).decode(errors="replace").strip().splitlines()
        raise Failure(f"{Path(cmd[0]).name} failed: {msg[-1] if msg else r.returncode}")
    return r


def build(prog, work, jco):
    """C -> core module -> component -> transpiled JS (with the shim linked beside it)."""
    core, comp, js = work / f"{prog}.core.wasm", work / f"{prog}.wasm", work / f"{prog}-js"
    # PROG-nofix: PROG without heapfix.c, whose malloc runs over the adapter's state.
    src, fix = (prog[:-6], []) if prog.endswith("-nofix") else (prog, [str(HERE / "heapfix.c")])
    sh(["clang-19", "--target=wasm32-wasi", "-O2", str(HERE / "programs" / f"{src}.c"), *fix, "-lm", "-o", str(core)])
    sh([jco, "new", str(core), "--wasi-command", "-o", str(comp)])
    sh([jco, "transpile", str(comp), "-o", str(js), "--name", prog, "--no-typescript", "-q"])
    (js / "package.json").write_text('{"type": "module"}\n')
    link = js / "node_modules" / "@bytecodealliance" / "preview2-shim"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(shim_dir())
    return comp


def shim_dir():
    # The preview2-shim jco itself resolves (what `jco run` would use), else the top-level one.
    nm = JCO_DIR / "node_modules" / "@bytecodealliance"
    for d in (nm / "jco" / "node_modules" / "@bytecodealliance" / "preview2-shim", nm / "preview2-shim"):
        if (d / "package.json").exists():
            return d
    raise Failure("preview2-shim not installed")


def make_tree(root, tree):
    root.mkdir(parents=True)
    for rel, data in tree.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


def read_tree(root):
    """Relative path -> file contents, "<dir>", or "-> target" for a symbolic link."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_symlink():
            out[rel] = f"-> {os.readlink(p)}"
        elif p.is_dir():
            out[rel] = "<dir>"
        else:
            out[rel] = p.read_bytes()
    return out


def execute(cmd, cwd, stdin, out_prefix):
    out, err = Path(f"{out_prefix}.out"), Path(f"{out_prefix}.err")
    with open(out, "wb") as o, open(err, "wb") as e:
        try:
            r = subprocess.run(cmd, cwd=cwd, input=stdin, stdout=o, stderr=e, env=HOST_ENV, timeout=TIMEOUT)
            status = r.returncode
        except subprocess.TimeoutExpired:
            status = "timeout"
    Path(f"{out_prefix}.status").write_text(f"{status}\n")  # for a look at --work
    return status, out.read_bytes(), err.read_bytes()


def describe_diff(what, exp, got, exp_name="reference"):
    n = next((i for i, (a, b) in enumerate(zip(exp, got)) if a != b), min(len(exp), len(got)))
    return (f"{what} differs at byte {n} ({exp_name} {len(exp)} bytes, wasm2native {len(got)}): "
            f"{exp_name} {exp[n:n + 40]!r}, wasm2native {got[n:n + 40]!r}")


def show_status(s):
    return f"killed by {signal.Signals(-s).name}" if isinstance(s, int) and s < 0 else f"status {s}"


def capabilities(name):
    """The preopens and environment a case grants (fixed at compile time under wasm2native)."""
    opt = CASES[name][2]
    return {guest: guest.strip("/") for guest in opt.get("dirs", {})}, opt.get("env", {})


def compile_key(name):
    preopens, env = capabilities(name)
    return CASES[name][0], tuple(preopens.items()), tuple(env.items())


def compile_exe(key, comp, w2n, arch, work):
    prog, preopens, env = key
    exe = work / "exe" / f"{prog}-{abs(hash(key)):x}"
    exe.parent.mkdir(exist_ok=True)
    cmd = [w2n, str(comp), "--target", f"{arch}-linux", "-o", str(exe)]
    for guest, host in preopens:
        cmd += ["--dir", f"{host}::{guest}"]  # a relative host directory: the run's cwd
    for k, v in env:
        cmd += ["--env", f"{k}={v}"]
    r = subprocess.run(cmd, capture_output=True, timeout=600)
    if r.returncode != 0:
        lines = r.stderr.decode(errors="replace").strip().splitlines()
        raise Failure(f"wasm2native could not compile it: {lines[0] if lines else show_status(r.returncode)}")
    return exe


def run_case(name, exe, work, qemu):
    prog, argv, opt = CASES[name]
    case_dir = work / "cases" / name
    ref_dir, w2n_dir = case_dir / "ref", case_dir / "w2n"
    preopens, env = capabilities(name)
    for d in (ref_dir, w2n_dir):
        d.mkdir(parents=True)
        for guest, tree in opt.get("dirs", {}).items():
            make_tree(d / preopens[guest], tree)
    stdin = opt.get("stdin", b"")

    # Reference: jco's transpiled component under preview2-shim.
    config = case_dir / "config.json"
    config.write_text(json.dumps({"args": [prog] + argv, "env": env, "preopens": preopens}))
    js = work / f"{prog}-js" / f"{prog}.js"
    ref = execute(["node", str(HERE / "driver.mjs"), str(js), str(config)], ref_dir, stdin, case_dir / "ref")
    got = execute(qemu + [str(exe)] + argv, w2n_dir, stdin, case_dir / "w2n")

    (rs, rout, rerr), (gs, gout, gerr) = ref, got
    if opt.get("trap"):
        if rs != TRAP_STATUS:
            raise Failure(f"reference did not trap ({show_status(rs)}; stderr {rerr[-200:]!r})")
        if gs == "timeout":
            raise Failure("wasm2native: timed out instead of trapping")
        if gs == 0:
            raise Failure(f"wasm2native: exited with status 0 instead of trapping (stdout {gout[-100:]!r})")
        if isinstance(gs, int) and gs < 0 and gs != -signal.SIGABRT:
            raise Failure(f"wasm2native: crashed ({show_status(gs)}) instead of trapping")
        if gout != rout:
            raise Failure(describe_diff("stdout", rout, gout))
        want = opt.get("trap_stderr")
        if want and not (want in rerr and want in gerr):
            raise Failure(f"stderr lacks {want!r}: reference {rerr[:120]!r}, wasm2native {gerr[:120]!r}")
        return
    if rs == "timeout" or gs == "timeout":
        raise Failure(f"{'reference' if rs == 'timeout' else 'wasm2native'} timed out")
    if "status" in opt and rs != opt["status"]:
        raise Failure(f"reference (jco) ended with {show_status(rs)}, WASI 0.2 says {opt['status']}")
    if rs != gs:
        raise Failure(f"wasm2native {show_status(gs)}, reference {show_status(rs)} (stderr {gerr[-200:]!r})")
    if "spec_stdout" in opt:
        if gout != opt["spec_stdout"]:
            raise Failure(describe_diff("stdout", opt["spec_stdout"], gout, "expected (spec)"))
    elif gout != rout:
        raise Failure(describe_diff("stdout", rout, gout))
    if gerr != rerr:
        raise Failure(describe_diff("stderr", rerr, gerr))
    for host in preopens.values():
        rt, gt = read_tree(ref_dir / host), read_tree(w2n_dir / host)
        for rel in sorted(set(rt) | set(gt)):
            if rt.get(rel) != gt.get(rel):
                raise Failure(f"directory differs at {host}/{rel}: reference {str(rt.get(rel, '(absent)'))[:60]}, "
                              f"wasm2native {str(gt.get(rel, '(absent)'))[:60]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wasm2native")
    ap.add_argument("arch", choices=["x86_64", "aarch64"])
    ap.add_argument("--baseline", help="default: baseline-ARCH.txt beside this script")
    ap.add_argument("--work", help="build and run here (kept); default: a temporary directory")
    ap.add_argument("cases", nargs="*", help="only these cases")
    a = ap.parse_intermixed_args()

    jco = JCO_DIR / "node_modules" / ".bin" / "jco"
    if not shutil.which("node") or not jco.exists():
        print("node or jco missing: component run tests skipped")
        return 77
    w2n = str(Path(a.wasm2native).resolve())
    qemu = [] if a.arch == os.uname().machine else [f"qemu-{a.arch}-static"]
    names = a.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        sys.exit(f"unknown cases: {' '.join(unknown)} (known: {' '.join(CASES)})")
    baseline_path = Path(a.baseline) if a.baseline else HERE / f"baseline-{a.arch}.txt"
    baseline = {l.strip() for l in baseline_path.read_text().splitlines() if l.strip() and not l.startswith("#")} \
        if baseline_path.exists() else set()

    work = Path(a.work).resolve() if a.work else Path(tempfile.mkdtemp(prefix="w2n-component-run-"))
    if a.work and work.exists():
        if any(work.iterdir()) and not (work / ".component-run").exists():
            sys.exit(f"--work {work}: not empty and not made by this script")
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    (work / ".component-run").touch()
    try:
        # Components, then executables (one per program and capabilities), then the cases: two
        # at a time (two cores, shared), results printed in the listed order.
        with ThreadPoolExecutor(2) as pool:
            comps = {p: pool.submit(build, p, work, str(jco)) for p in sorted({CASES[n][0] for n in names})}
            exes = {}
            for n in names:
                key = compile_key(n)
                if key not in exes:
                    exes[key] = pool.submit(lambda k: compile_exe(k, comps[k[0]].result(), w2n, a.arch, work), key)

            def case(n):
                try:
                    run_case(n, exes[compile_key(n)].result(), work, qemu)
                    return None
                except Failure as e:
                    return str(e)

            results = [(n, pool.submit(case, n)) for n in names]
            passed, failed = [], []
            for n, f in results:
                error = f.result()
                if error is None:
                    passed.append(n)
                    print(f"PASS {n}" + ("" if n in baseline else " -- NEW PASS (add to baseline)"), flush=True)
                else:
                    failed.append(n)
                    print(f"FAIL {n}: {error}" + (" -- REGRESSION (in baseline)" if n in baseline else ""), flush=True)
        regressions = [n for n in failed if n in baseline]
        print(f"component-run ({a.arch}): {len(passed)} passed, {len(failed)} failed"
              + (f", {len(regressions)} regressions: {' '.join(regressions)}" if regressions else ""))
        return 1 if regressions else 0
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
