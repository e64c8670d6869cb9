# A Python host of the calculator's shared library (ctypes, no bindings generator): the same calls
# and output as calc_host.c. Usage: python3 calc_host.py LIBCALC.so < calls.txt
import ctypes
import re
import struct
import sys

lib = ctypes.CDLL(sys.argv[1])
P = ctypes.c_void_p
lib.calc_instantiate.restype = P
lib.calc_instantiate.argtypes = [P, P]
lib.calc_instance_free.argtypes = [P]
lib.w2n_error_message.restype = ctypes.c_char_p
lib.w2n_error_message.argtypes = [P]


class String(ctypes.Structure):
    _fields_ = [("ptr", ctypes.POINTER(ctypes.c_uint8)), ("len", ctypes.c_size_t)]


class Payload(ctypes.Union):
    _fields_ = [("ok", ctypes.c_double), ("err", String)]


class ResultF64String(ctypes.Structure):
    _fields_ = [("is_err", ctypes.c_bool), ("val", Payload)]


for name in ("add", "multiply"):
    f = getattr(lib, "example_calculator_math_" + name)
    f.restype = ctypes.c_bool
    f.argtypes = [P, ctypes.c_double, ctypes.c_double, ctypes.POINTER(ctypes.c_double), P]
lib.example_calculator_math_sqrt.restype = ctypes.c_bool
lib.example_calculator_math_sqrt.argtypes = [P, ctypes.c_double, ctypes.POINTER(ResultF64String), P]
lib.example_calculator_math_sqrt_free.argtypes = [ctypes.POINTER(ResultF64String)]

bits = lambda d: "%016x" % struct.unpack("<Q", struct.pack("<d", d))[0]
inst = lib.calc_instantiate(None, None)
for line in sys.stdin:
    m = re.match(r"\s*(?:math\.)?(\w+)\((.*)\)\s*$", line)
    if not m:
        continue
    args = [float(a) for a in m.group(2).split(",")]
    err = P()
    if m.group(1) == "sqrt":
        res = ResultF64String()
        ok = lib.example_calculator_math_sqrt(inst, args[0], ctypes.byref(res), ctypes.byref(err))
        if ok and res.val and res.is_err:
            text = bytes(res.val.err.ptr[: res.val.err.len]).decode()
            print("err " + text)
        elif ok:
            print("ok " + bits(res.val.ok))
        if ok:
            lib.example_calculator_math_sqrt_free(ctypes.byref(res))
    else:
        r = ctypes.c_double()
        ok = getattr(lib, "example_calculator_math_" + m.group(1))(
            inst, args[0], args[1], ctypes.byref(r), ctypes.byref(err))
        if ok:
            print(bits(r.value))
    if not ok:
        print("error " + lib.w2n_error_message(err).decode())
lib.calc_instance_free(inst)
