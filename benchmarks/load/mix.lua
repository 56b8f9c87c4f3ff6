-- A mix of Ruamjai traffic for wrk: page views, feed polls (conditional GET, mostly 304)
-- and registrations (signed-in POSTs with a CSRF token, each followed later by the
-- matching cancellation so a pair can be used again).
--
--   RUAMJAI_LOAD_DATA=data.lua RUAMJAI_LOAD_MIX="page=55,feed=40,register=5" RUAMJAI_LOAD_THREADS=2 \
--       wrk -t2 -c16 -d15s --latency -s benchmarks/load/mix.lua http://127.0.0.1:8000
--
-- data.lua (written by benchmarks/bench_load.py) returns a table:
--   pages = {"/", "/events/", "/events/12", "/members/", ...}
--   feeds = {{path = "/feeds/all.ics", etag = "\"...\""}, ...}
--   sessions = {{cookie = "session=...", csrf = "..."}, ...}   (one set per wrk thread)
--   events = {12, 15, ...}                                      (open for registration)
-- RUAMJAI_LOAD_THREADS must equal wrk's -t (each thread takes its share of sessions).
-- RUAMJAI_LOAD_FRESH is the share of feed polls sent without If-None-Match (default 10%).

local data = dofile(os.getenv("RUAMJAI_LOAD_DATA"))
local threads = {}

local function weights()
  local mix = os.getenv("RUAMJAI_LOAD_MIX") or "page=55,feed=40,register=5"
  local out = {page = 0, feed = 0, register = 0}
  for name, share in string.gmatch(mix, "(%a+)=(%d+)") do out[name] = tonumber(share) end
  return out
end

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads)
end

local mix, fresh, mine, pairs_, next_pair, registered
statuses = {} -- global: done() reads each thread's copy with thread:get

function init(args)
  mix = weights()
  fresh = tonumber(os.getenv("RUAMJAI_LOAD_FRESH") or "10")
  math.randomseed(index * 7919)
  statuses = {}
  -- This thread's own sessions: no two threads register the same person.
  mine = {}
  local count = tonumber(os.getenv("RUAMJAI_LOAD_THREADS") or "2")
  for i, session in ipairs(data.sessions) do
    if (i - 1) % count == index - 1 then table.insert(mine, session) end
  end
  pairs_, registered, next_pair = {}, {}, 1
  for _, session in ipairs(mine) do
    for _, event in ipairs(data.events) do table.insert(pairs_, {session, event}) end
  end
end

local function form_post(path, session)
  local body = "csrf_token=" .. session.csrf
  return wrk.format("POST", path, {
    ["Cookie"] = session.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Content-Length"] = tostring(#body),
  }, body)
end

local function registration()
  -- Walk every (person, event) pair in turn: register, and on the next visit cancel.
  local pair = pairs_[next_pair]
  next_pair = next_pair % #pairs_ + 1
  local session, event = pair[1], pair[2]
  local key = session.cookie .. "|" .. event
  if registered[key] then
    registered[key] = nil
    return form_post("/events/" .. event .. "/unregister", session)
  end
  registered[key] = true
  return form_post("/events/" .. event .. "/register", session)
end

function request()
  local roll = math.random(mix.page + mix.feed + mix.register)
  if roll <= mix.page then
    return wrk.format("GET", data.pages[math.random(#data.pages)])
  elseif roll <= mix.page + mix.feed then
    local feed = data.feeds[math.random(#data.feeds)]
    if math.random(100) <= fresh then return wrk.format("GET", feed.path) end
    return wrk.format("GET", feed.path, {["If-None-Match"] = feed.etag})
  end
  return registration()
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, status .. "=" .. n) end
  table.sort(parts)
  io.write("STATUSES " .. table.concat(parts, " ") .. "\n")
end
