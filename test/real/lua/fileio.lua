-- Files inside the granted directory "work": writing, reading by lines, numbers and bytes,
-- seeking, appending, binary data, renaming and removing, and the error for a missing file.
local path = "work/notes.txt"
local f = assert(io.open(path, "w"))
f:write("first line\n", "second line\n", 42, " ", 3.5, "\n", "last line without newline")
f:close()
for line in io.lines(path) do io.write("[", line, "] ") end
print()
local r = assert(io.open(path, "r"))
print(r:read("l"))
print(r:read("L"))
print(r:read("n", "n"))
print(r:read(4), r:read("a"))
print(r:read("a"), r:read("l"), r:read(0))
print(r:seek("set", 6), r:read(4), r:seek("cur"), r:seek("end"))
r:close()
local a = assert(io.open(path, "a"))
a:write("\nappended")
a:close()
local all = assert(io.open(path)):read("a")
print(#all, select(2, all:gsub("\n", "")))
-- Binary data with string.pack.
local bin = assert(io.open("work/data.bin", "wb"))
for i = 0, 255 do bin:write(string.pack("<I2", i * 257)) end
bin:close()
local rb = assert(io.open("work/data.bin", "rb"))
print(rb:seek("end"))
rb:seek("set", 200)
print(string.unpack("<I2", rb:read(2)))
rb:close()
-- Many small files, then rename and remove them.
for i = 1, 20 do
  local w = assert(io.open("work/file" .. i .. ".txt", "w"))
  w:write(string.rep(tostring(i), i))
  w:close()
end
local sizes = {}
for i = 1, 20 do
  local h = assert(io.open("work/file" .. i .. ".txt"))
  sizes[#sizes + 1] = h:seek("end")
  h:close()
end
print(table.concat(sizes, " "))
print(os.rename("work/file1.txt", "work/renamed.txt"))
print(io.open("work/renamed.txt"):read("a"))
for i = 2, 20 do assert(os.remove("work/file" .. i .. ".txt")) end
print(os.remove("work/renamed.txt"), os.remove("work/data.bin"))
-- (the third result, errno, is numbered differently under WASI: not printed)
print((io.open("work/missing.txt")), (select(2, io.open("work/missing.txt"))))
print((os.remove("work/missing.txt")), (select(2, os.remove("work/missing.txt"))))
print(pcall(io.lines, "work/missing.txt"))
-- Line-oriented processing: a word count.
local text = assert(io.open("work/words.txt", "w"))
for i = 1, 50 do text:write("word", i % 7, " other", i % 3, "\n") end
text:close()
local counts, order = {}, {}
for line in io.lines("work/words.txt") do
  for w in line:gmatch("%S+") do
    if not counts[w] then counts[w] = 0; order[#order + 1] = w end
    counts[w] = counts[w] + 1
  end
end
table.sort(order)
for _, w in ipairs(order) do io.write(w, "=", counts[w], " ") end
print()
print(io.type(io.stdout), io.type(42), io.type(f))
io.write("written with io.write\n")
os.remove("work/words.txt")
print(os.remove(path))
