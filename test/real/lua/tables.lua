-- Tables: the table library, metatables, sorting and iteration in a deterministic order.
local t = { 5, 3, 8, 1, 9, 2 }
table.insert(t, 7)
table.insert(t, 1, 0)
print(#t, table.concat(t, " "))
print(table.remove(t), table.remove(t, 1), table.concat(t, " "))
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local people = {
  { name = "Kim", age = 31 }, { name = "Ann", age = 25 }, { name = "Bob", age = 31 },
  { name = "Eve", age = 22 },
}
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for i, p in ipairs(people) do io.write(i, ".", p.name, "(", p.age, ") ") end
print()
print(table.unpack({ 1, 2, 3 }))
local packed = table.pack(1, nil, 3)
print(packed.n, packed[1], packed[2], packed[3])
print(table.concat(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1), ","))
print(table.concat(table.move({ 1, 2, 3 }, 1, 3, 3, { 9, 9 }), ","))
print(select("#", table.unpack({}, 1, 3)))
-- Keys in sorted order (pairs order is not specified).
local dict = { zeta = 26, alpha = 1, mid = 13, [10] = "ten", [2] = "two" }
local keys = {}
for k in pairs(dict) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
local count = 0
for _ in pairs(dict) do count = count + 1 end
print("count", count, next({}) == nil)
-- Metatables.
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec.__add(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
function Vec.__mul(a, s) return Vec.new(a.x * s, a.y * s) end
function Vec.__eq(a, b) return a.x == b.x and a.y == b.y end
function Vec.__lt(a, b) return a:len2() < b:len2() end
function Vec.__le(a, b) return a:len2() <= b:len2() end
function Vec.__tostring(v) return "(" .. v.x .. "," .. v.y .. ")" end
function Vec.__len(v) return 2 end
function Vec.__concat(a, b) return tostring(a) .. tostring(b) end
function Vec:len2() return self.x * self.x + self.y * self.y end
local a, b = Vec.new(1, 2), Vec.new(3, 4)
print(tostring(a + b), tostring(a * 3), a == Vec.new(1, 2), a < b, b <= a, #a, a .. b)
local defaults = setmetatable({}, { __index = function(_, k) return k .. "?" end })
print(defaults.foo, rawget(defaults, "foo"))
local log = {}
local proxy = setmetatable({}, { __newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end })
proxy.a = 1; proxy.b = 2; proxy.a = 3
print(table.concat(log, ","), proxy.a)
local callable = setmetatable({}, { __call = function(self, x, y) return x * y end })
print(callable(6, 7))
local ro = setmetatable({}, { __index = { x = 1 }, __newindex = function() error("read-only") end })
print(ro.x, pcall(function() ro.y = 2 end))
-- Nested structures and a simple queue.
local matrix = {}
for i = 1, 4 do
  matrix[i] = {}
  for j = 1, 4 do matrix[i][j] = i * j end
end
local rows = {}
for i = 1, 4 do rows[i] = table.concat(matrix[i], " ") end
print(table.concat(rows, " / "))
local queue = { first = 1, last = 0 }
for i = 1, 5 do queue.last = queue.last + 1; queue[queue.last] = i * i end
local out = {}
while queue.first <= queue.last do out[#out + 1] = queue[queue.first]; queue[queue.first] = nil; queue.first = queue.first + 1 end
print(table.concat(out, ","))
local big = {}
for i = 1, 10000 do big[i] = i end
local sum = 0
for _, v in ipairs(big) do sum = sum + v end
print(#big, sum)
for i = 1, 5000 do big[#big] = nil end
print(#big)
local sorted = {}
for i = 1, 200 do sorted[i] = (i * 7919) % 211 end
table.sort(sorted)
print(sorted[1], sorted[100], sorted[200])
