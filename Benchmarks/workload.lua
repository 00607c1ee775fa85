-- One kind of the mixed staff workload for wrk (Benchmarks/mixed-workload.py starts one wrk per kind):
--   wrk ... -s Benchmarks/workload.lua URL -- KIND DATAFILE [OFFSET SIZE]
-- DATAFILE (written by mixed-workload.py) returns { users = {{c = cookie, t = csrf}, ...}, KIND = {{u = user, p = path,
-- b = body or nil}, ...}, ... }. Requests cycle through the items of KIND, each sent as its signed-in user.
-- "transition" items are requests that were submitted: each pass over items OFFSET+1..OFFSET+SIZE moves every one a
-- step further around submitted -> verification -> returned to applicant -> submitted, so no step is refused as long
-- as the slice is much longer than the connections (a step is answered before the same request's next one is sent).
-- done() prints one JSON line: counts, statuses, and the latency quantiles mixed-workload.py merges across kinds.

local items, users
local counter = 0
-- Globals, so done() can read them from the thread with thread:get.
kind = nil
statuses = {}
signed_out = 0

local steps = {
  { suffix = "/verification/start", body = "" },
  { suffix = "/verification/return", body = "reason=%D8%A7%D8%B3%D8%AA%D9%83%D9%85%D8%A7%D9%84+%D8%A7%D9%84%D9%85%D8%B3%D8%AA%D9%86%D8%AF%D8%A7%D8%AA" },
  { suffix = "/submit", body = "" },
}

function init(args)
  kind = args[1]
  local data = dofile(args[2])
  users = data.users
  local all = data[kind]
  if kind == "transition" then
    local offset, size = tonumber(args[3] or "0"), tonumber(args[4] or "1000")
    items = {}
    for i = offset + 1, math.min(offset + size, #all) do items[#items + 1] = all[i] end
  else
    items = all
  end
  if #items == 0 then error("no items for " .. kind) end
end

function request()
  local n = #items
  local item = items[counter % n + 1]
  local user = users[item.u]
  local path, body = item.p, item.b
  if kind == "transition" then
    local step = steps[math.floor(counter / n) % 3 + 1]
    path, body = item.p .. step.suffix, step.body
  end
  counter = counter + 1
  local headers = { ["Cookie"] = user.c, ["X-CSRF-Token"] = user.t }
  if body then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  -- A redirect to the sign-in page is a lost session, not a success.
  local location = headers["Location"] or headers["location"]
  if location and string.find(location, "/signin", 1, true) then signed_out = signed_out + 1 end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local parts = {}
  local counts = {}
  local lost = 0
  kind = threads[1]:get("kind")
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + count end
    lost = lost + thread:get("signed_out")
  end
  for status, count in pairs(counts) do table.insert(parts, string.format('"%d":%d', status, count)) end
  local quantiles = {}
  for i = 1, 1000 do table.insert(quantiles, string.format("%d", latency:percentile(i / 10))) end
  local e = summary.errors
  io.write(string.format(
    'JSON {"kind":"%s","requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status_errors":%d,' ..
    '"signed_out":%d,"statuses":{%s},"quantiles_us":[%s]}\n',
    kind, summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status, lost,
    table.concat(parts, ","), table.concat(quantiles, ",")))
end
