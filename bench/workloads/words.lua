-- words.lua -- lua workload for bench/run-workloads: string and table work
-- over a generated text (word and bigram counts, gsub, sorting,
-- string.format, table.concat).  Usage: lua5.4 words.lua text.txt [PASSES]
-- SPDX-License-Identifier: GPL-2.0-or-later
local file, passes = arg[1], tonumber(arg[2] or "2")
local fh = assert(io.open(file, "r"))
local lines = {}
for l in fh:lines() do lines[#lines + 1] = l end
fh:close()

local check = 0
for pass = 1, passes do
  local count, bigram, bylen, numbers = {}, {}, {}, {}
  for _, line in ipairs(lines) do
    local l = line:lower()
    local a, w1, b, w2 = l:match("^(%d+),(%w+),(%d+)%.%d+,(%w+)$")
    if a then
      numbers[#numbers + 1] = tonumber(a) + tonumber(b)
      count[w1] = (count[w1] or 0) + 1
    else
      l = l:gsub("[%.,;!%?]", "")
      local prev
      for w in l:gmatch("%S+") do
        count[w] = (count[w] or 0) + 1
        if prev then
          local k = prev .. " " .. w
          bigram[k] = (bigram[k] or 0) + 1
        end
        if #w > 9 then
          local t = bylen[#w]
          if not t then t = {}; bylen[#w] = t end
          t[#t + 1] = w
        end
        prev = w
      end
      local r = l:gsub("(%w)(%w*)", function(x, y) return x:upper() .. y end)
      check = check + #r
    end
  end
  local keys = {}
  for k in pairs(count) do keys[#keys + 1] = k end
  table.sort(keys, function(x, y)
    if count[x] ~= count[y] then return count[x] > count[y] end
    return x < y
  end)
  local bkeys = {}
  for k in pairs(bigram) do bkeys[#bkeys + 1] = k end
  table.sort(bkeys, function(x, y)
    if bigram[x] ~= bigram[y] then return bigram[x] > bigram[y] end
    return x < y
  end)
  local out = {}
  for i = 1, math.min(100, #keys) do
    out[#out + 1] = string.format("%-20s %8d", keys[i], count[keys[i]])
  end
  for i = 1, math.min(50, #bkeys) do
    out[#out + 1] = string.format("%-30s %6d", bkeys[i], bigram[bkeys[i]])
  end
  local lens = {}
  for len in pairs(bylen) do lens[#lens + 1] = len end
  table.sort(lens)
  for _, len in ipairs(lens) do
    local seen, u = {}, {}
    for _, w in ipairs(bylen[len]) do
      if not seen[w] then seen[w] = true; u[#u + 1] = w end
    end
    table.sort(u)
    out[#out + 1] = len .. ": " .. #u .. " " .. table.concat(u, ",", 1, math.min(5, #u))
  end
  table.sort(numbers)
  local report = table.concat(out, "\n")
  check = check + #report + #bkeys + (numbers[#numbers // 2 + 1] or 0)
  table.sort(keys)
  local parts = {}
  for _, w in ipairs(keys) do
    parts[#parts + 1] = string.rep(w, 1 + count[w] % 3)
  end
  check = check + #table.concat(parts, " ") % 100000
end
print(check)
