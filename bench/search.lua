-- search.lua: wrk sends a different search on every request, as people
-- type (bench/search.sh): GET /api/v1/comuni?limit=10&q=<a line of the
-- file given after "--">, the lines in turn from a random start per thread.
local qs = {}
local i = 0
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then qs[#qs + 1] = line:gsub(" ", "%%20") end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  i = math.random(#qs)
end
function request()
  i = i + 1
  return wrk.format(nil, "/api/v1/comuni?limit=10&q=" .. qs[(i % #qs) + 1])
end
