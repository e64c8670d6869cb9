#!/usr/bin/env python3
"""Writes hostile but small inputs for test/hostile/run.sh into a directory: each is valid or
invalid WebAssembly whose naive compilation needs far more memory or time than its size suggests.
Encoded here byte by byte (no assembler needed), with the layout written beside each."""
import os
import sys


def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    return leb(len(items)) + b"".join(items)


def name(s):
    return leb(len(s)) + s.encode()


def section(sid, body):
    return bytes([sid]) + leb(len(body)) + body


MODULE = b"\0asm\x01\0\0\0"
COMPONENT = b"\0asm\x0d\0\x01\0"


def core_module(types=b"", imports=b"", funcs=b"", memory=b"", exports=b"", code=b"", data=b"",
                datacount=b""):
    out = MODULE
    for sid, body in ((1, types), (2, imports), (3, funcs), (5, memory), (7, exports),
                      (12, datacount), (10, code), (11, data)):
        if body:
            out += section(sid, body)
    return out


START_ONLY = dict(types=vec([b"\x60\0\0"]), funcs=vec([leb(0)]),
                  exports=vec([name("_start") + b"\0" + leb(0)]), code=vec([leb(2) + b"\x00\x0b"]))


def nest(depth):
    # (component (component ... ) (instance (instantiate 0)) (instance (instantiate 0))), nested
    # `depth` deep: 2^depth component instances from a few hundred bytes.
    inner = COMPONENT
    for _ in range(depth):
        inst = vec([b"\x00" + leb(0) + vec([]), b"\x00" + leb(0) + vec([])])
        inner = COMPONENT + section(4, inner) + section(5, inst)
    return inner


def nest_core(depth):
    # The same shape with a core module instantiated twice at the innermost level.
    inner = COMPONENT + section(1, core_module(**START_ONLY)) + section(
        2, vec([b"\x00" + leb(0) + vec([]), b"\x00" + leb(0) + vec([])]))
    for _ in range(depth):
        inst = vec([b"\x00" + leb(0) + vec([]), b"\x00" + leb(0) + vec([])])
        inner = COMPONENT + section(4, inner) + section(5, inst)
    return inner


def deep_types(depth):
    # (type (list u8)) (type (list 0)) (type (list 1)) ... : a value type nested `depth` deep,
    # then a function taking it, lifted and exported (needs every type's layout and flattening).
    types = [b"\x70\x7d"]  # list u8
    for i in range(depth - 1):
        types.append(b"\x70" + sleb(i))  # type indices in value types are s33
    types.append(b"\x40" + vec([name("x") + sleb(depth - 1)]) + b"\x01\x00")  # func (param x) (result)
    return COMPONENT + section(7, vec(types))


def deep_tuple(depth):
    # Each type a tuple of two of the previous one: 2^depth leaves if anything expands types.
    types = [b"\x6f" + vec([b"\x7d", b"\x7d"])]
    for i in range(depth - 1):
        types.append(b"\x6f" + vec([sleb(i), sleb(i)]))
    return COMPONENT + section(7, vec(types))


def many_functions(n):
    # n tiny functions, `_start` calls every 1000th.
    types = vec([b"\x60\0\0", b"\x60\0\x01\x7f"])
    funcs = vec([leb(0)] + [leb(1)] * n)
    start = b"".join(b"\x10" + leb(1 + i) + b"\x1a" for i in range(0, n, 1000))
    bodies = [vec([]) + start + b"\x0b"]
    for i in range(n):
        bodies.append(vec([]) + b"\x41" + sleb(i) + b"\x0b")
    code = vec([leb(len(b)) + b for b in bodies])
    return core_module(types=types, funcs=funcs, exports=vec([name("_start") + b"\0" + leb(0)]),
                       code=code)


def many_locals(n):
    # One function declaring n i64 locals, touching the last one.
    body = vec([leb(n) + b"\x7e"]) + b"\x42\x01\x21" + leb(n - 1) + b"\x0b"
    return core_module(types=vec([b"\x60\0\0"]), funcs=vec([leb(0)]),
                       exports=vec([name("_start") + b"\0" + leb(0)]),
                       code=vec([leb(len(body)) + body]))


def huge_local_count():
    # A local declaration claiming 2^32-1 locals: must be refused, not allocated.
    body = vec([leb(0xFFFFFFFF) + b"\x7f"]) + b"\x0b"
    return core_module(types=vec([b"\x60\0\0"]), funcs=vec([leb(0)]),
                       exports=vec([name("_start") + b"\0" + leb(0)]),
                       code=vec([leb(len(body)) + body]))


def deep_blocks(n):
    # n nested blocks in one function.
    body = vec([]) + b"\x02\x40" * n + b"\x0b" * n + b"\x0b"
    return core_module(types=vec([b"\x60\0\0"]), funcs=vec([leb(0)]),
                       exports=vec([name("_start") + b"\0" + leb(0)]),
                       code=vec([leb(len(body)) + body]))


def many_data_segments(n):
    # n active data segments of 8 bytes each into one memory.
    segs = [b"\x00\x41" + sleb(i * 8) + b"\x0b" + vec([bytes([i & 0xFF])] * 8) for i in range(n)]
    mod = core_module(memory=vec([b"\x00" + leb((n * 8 + 65535) // 65536)]), data=vec(segs),
                      **START_ONLY)
    return mod


CASES = {
    "nest22.wasm": lambda: nest(22),
    "nest-core22.wasm": lambda: nest_core(22),
    "deep-types.wasm": lambda: deep_types(200000),
    "deep-tuple.wasm": lambda: deep_tuple(64),
    "many-functions.wasm": lambda: many_functions(20000),
    "many-locals.wasm": lambda: many_locals(1000000),
    "huge-local-count.wasm": huge_local_count,
    "deep-blocks.wasm": lambda: deep_blocks(100000),
    "data-segments.wasm": lambda: many_data_segments(10000),
}

if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for file, make in CASES.items():
        with open(os.path.join(out, file), "wb") as f:
            f.write(make())
