-- Coroutines: generators, two-way value passing, status, wrap, yielding across pcall,
-- errors inside coroutines, close, and deep nesting.
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local s = 0
for v in range(100) do s = s + v end
print("range", s)
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "finished", d + e
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
-- Producer / filter / consumer.
local function producer(items)
  return coroutine.create(function() for _, x in ipairs(items) do coroutine.yield(x) end end)
end
local function filter(src, pred)
  return coroutine.create(function()
    while true do
      local ok, x = coroutine.resume(src)
      if not x then return end
      if pred(x) then coroutine.yield(x) end
    end
  end)
end
local evens = filter(producer({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }), function(x) return x % 2 == 0 end)
local got = {}
while true do
  local ok, x = coroutine.resume(evens)
  if not x then break end
  got[#got + 1] = x
end
print("evens", table.concat(got, ","))
-- Errors inside a coroutine, and yields across pcall.
local bad = coroutine.create(function() coroutine.yield(1); error("inside") end)
print(coroutine.resume(bad))
print(coroutine.resume(bad))
print(coroutine.status(bad), coroutine.resume(bad))
local guarded = coroutine.wrap(function()
  local ok, err = pcall(function()
    coroutine.yield("yield inside pcall")
    error({ code = 42 })
  end)
  coroutine.yield(ok, type(err), err.code)
  return "after"
end)
print(guarded())
print(guarded())
print(guarded())
print(pcall(coroutine.wrap(function() error("wrapped error") end)))
print(coroutine.isyieldable(), type(coroutine.running()), select(2, coroutine.running()))
local inner = coroutine.wrap(function()
  print("inner yieldable", coroutine.isyieldable(), select(2, coroutine.running()))
  coroutine.yield()
end)
inner()
local closable = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closable)
print(coroutine.close(closable), coroutine.status(closable))
-- Nesting: a chain of coroutines each resuming the next.
local function chain(depth)
  if depth == 0 then return coroutine.wrap(function() coroutine.yield(0) end) end
  local next = chain(depth - 1)
  return coroutine.wrap(function() coroutine.yield(next() + depth) end)
end
print("chain", chain(50)())
-- Many short-lived coroutines.
local total = 0
for i = 1, 2000 do
  local c = coroutine.wrap(function(x) local y = coroutine.yield(x * 2); return x + y end)
  total = total + c(i) + c(1)
end
print("total", total)
-- Permutations generator (the classic example).
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in coroutine.wrap(function() permgen({ "a", "b", "c", "d" }) end) do perms[#perms + 1] = table.concat(p) end
print(#perms, perms[1], perms[24], perms[13])
