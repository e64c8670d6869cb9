-- Errors: error values and levels, pcall/xpcall, runtime error messages, load, closures and
-- varargs, goto, and string-built code; all exercise longjmp inside the Lua VM.
print(pcall(error, "plain"))
print(pcall(error, "level 0", 0))
print(pcall(function() error("with position") end))
print(pcall(function() error("level 2", 2) end))
print(tostring(select(2, pcall(error, setmetatable({}, { __tostring = function() return "custom" end })))))
print(xpcall(function() error("handled") end, function(m) return "handler: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 2, 3))
print(pcall(function() local t = nil; return t.field end))
print(pcall(function() return 1 + {} end))
print(pcall(function() return #nil end))
print(pcall(function() return ("x"):bad() end))
print(pcall(function() return undefined_global.x end))
print(pcall(function() local s = "a" .. nil end))
print(pcall(string.rep))
print(pcall(string.format, "%d", 1.5))
print(pcall(function() return 1 // 0 end))
print(pcall(function() return math.tointeger(2^63) or "nil" end))
print(pcall(setmetatable, 1, {}))
local ok, err = pcall(function() local x <close> = setmetatable({}, { __close = function() print("closed") end }); error("with close") end)
print(ok, err)
print(load("return 1 + 2")())
print(load("syntax error here"))
print(type(load(function() return nil end)))
local chunk = load("local a, b = ...; return a * b, select('#', ...)")
print(chunk(6, 7, 8))
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2())
local function va(...) return select("#", ...), ... end
print(va(1, nil, 3, nil))
do
  local i = 1
  ::top::
  if i <= 3 then io.write("goto", i, " "); i = i + 1; goto top end
  print()
end
local depth = 0
local function recurse() depth = depth + 1; return recurse() + 1 end
local okr, msg = pcall(recurse)
print(okr, msg:match("stack overflow") ~= nil, depth > 1000)
local nested = 0
local function nest(n)
  if n == 0 then error("bottom") end
  local ok2, e = pcall(nest, n - 1)
  nested = nested + 1
  error(e, 0)
end
print(pcall(nest, 30), nested)
local t = setmetatable({}, { __index = function(_, k) error("no field " .. k) end })
print(pcall(function() return t.missing end))
print(string.format("%s", os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365)))
print(os.time({ year = 2000, month = 1, day = 1, hour = 0 }) ~= nil, type(os.clock()))
