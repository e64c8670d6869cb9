-- Numbers: integer and float arithmetic, the math library, bitwise operators and the seeded
-- pseudo-random generator (xoshiro256**, the same on every platform).
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 7.5 // 2, -7.5 % 2)
print(3 / 2, 2 ^ 10, 2 ^ 0.5, 10 // 0.0, -10 // 0.0)
print(math.maxinteger * 2, math.mininteger // -1, 1 << 63, (1 << 63) - 1)
print(5 & 3, 5 | 3, 5 ~ 3, ~5, 1 << 10, 1024 >> 3, -1 >> 60, 3.0 | 0)
print(math.floor(3.7), math.ceil(3.2), math.floor(-3.5), math.ceil(-3.5), math.floor(2^62))
print(math.abs(-4), math.abs(-4.5), math.max(3, 9, 1), math.min(3.5, -2, 8), math.huge, -math.huge)
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(5.5, 2))
print(math.sqrt(16), math.sqrt(2), math.exp(0), math.exp(1), math.log(1), math.log(8, 2), math.log(100, 10))
print(math.sin(0), math.cos(0), math.sin(math.pi / 2), math.tan(math.pi / 4), math.atan(1, 1) * 4)
print(string.format("%.10f %.10f %.10f", math.sin(1), math.cos(1), math.atan(0.5)))
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.ult(1, -1), math.type(2^53))
print(math.pi, -math.pi, 1 / 3, 2 / 3, 1e300 * 1e10, 2^53 + 1)
print(3 == 3.0, math.type(3 + 0.0), 1 < 1.5, "10" + 5, "3" * "4", 10 .. "")
print(string.format("%.14g %.14g %.14g", 1 / 7, 22 / 7, 1e-300 / 1e10))
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(20), fact(21), fact(25.0))
local function fib(n) local a, b = 0, 1; for _ = 1, n do a, b = b, a + b end return a end
print(fib(50), fib(90))
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
print(gcd(1071, 462), gcd(2^40, 6^20))
local primes = {}
for n = 2, 100 do
  local prime = true
  for d = 2, math.floor(math.sqrt(n)) do if n % d == 0 then prime = false; break end end
  if prime then primes[#primes + 1] = n end
end
print(#primes, table.concat(primes, " "))
math.randomseed(42)
local r = {}
for i = 1, 10 do r[i] = math.random(1, 100) end
print(table.concat(r, " "))
print(math.random(0) ~= 0, math.random(5, 5))
local floats = {}
for i = 1, 4 do floats[i] = string.format("%.6f", math.random()) end
print(table.concat(floats, " "))
math.randomseed(7, 11)
print(math.random(1000), math.random(1000), math.random(1 << 40))
local acc = 0.0
for i = 1, 100000 do acc = acc + 1 / (i * i) end
print(string.format("%.12f", acc), string.format("%.12f", math.pi ^ 2 / 6))
local n = 0
for i = 10, 1, -3 do n = n + i end
for x = 0.0, 1.0, 0.25 do n = n + x end
print(n)
