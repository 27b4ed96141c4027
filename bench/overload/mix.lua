-- The overload benchmark's traffic mix (BENCH_CLASS=mix, each request drawn by its share) or one class of it:
--   browse    (the rest, 75%): trip pages, search in Chinese and English, nearby trips, the trip list   (normal)
--   sheddable (20%): inbox refreshes and place-name suggestions                                      (sheddable)
--   critical  (BENCH_CRITICAL_SHARE, 5% by default): listing one's own join requests (3 in 4), asking to join a
--             trip (1 in 4) (critical)
-- BENCH_RATE, when set, is the rate this process offers (requests/s over all its threads and connections): sends
-- follow a schedule of their own and do not wait for answers, as long as a connection is free (open loop).
-- Otherwise BENCH_DELAY_MS paces each connection (its think time) and BENCH_RATE=0 or unset sends back to back.
-- BENCH_PAIR_OFFSET keeps each phase's join requests apart: a phase asks as the (traveler, trip) pairs from it on,
-- and reports how many it took (PAIRS used=...), where overload.sh starts the next phase, so that every pair asks
-- once in a run (300 travelers x 400 trips).
local data = dofile(os.getenv("BENCH_DATA"))
local class = os.getenv("BENCH_CLASS") or "browse"
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local pairOffset = tonumber(os.getenv("BENCH_PAIR_OFFSET") or "0")
local criticalShare = tonumber(os.getenv("BENCH_CRITICAL_SHARE") or "5")

local threads = {}
local nextId = 0
function setup(thread)
  thread:set("tid", nextId)
  nextId = nextId + 1
  table.insert(threads, thread)
end

local threadCount = 1
function init(args)
  threadCount = tonumber(os.getenv("BENCH_THREADS") or "1")
  math.randomseed(tid * 7919 + os.time())
end

local function pick(list) return list[math.random(#list)] end

local function authorized(method, path, token, body)
  local headers = { ["Authorization"] = "Bearer " .. token }
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

local function escape(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function browseRequest()
  local r = math.random(100)
  if r <= 40 then
    return wrk.format("GET", "/api/v1/trips/" .. pick(data.trips))
  elseif r <= 75 then
    return wrk.format("GET", "/api/v1/search/trips?q=" .. escape(pick(data.words)))
  elseif r <= 90 then
    local place = pick(data.places)
    return wrk.format("GET", string.format("/api/v1/nearby-trips?latitude=%.4f&longitude=%.4f&radiusKm=30",
      place[1], place[2]))
  end
  return wrk.format("GET", "/api/v1/trips?size=20")
end

local function sheddableRequest()
  if math.random(2) == 1 then
    return authorized("GET", "/api/v1/inbox", pick(data.tokens))
  end
  return wrk.format("GET", "/api/v1/places?prefix=" .. pick(data.prefixes))
end

local function ownRequestsRequest()
  return authorized("GET", "/api/v1/join-requests", pick(data.tokens))
end

-- Requests that may repeat are drawn from pools made once per thread: formatting each request anew costs the load
-- generator's core more than sending it, and at ten times capacity that core would saturate first.
local POOL_SIZE = 2048
local pools = {}
local function pooled(make)
  local pool = pools[make]
  if not pool then
    pool = {}
    for i = 1, POOL_SIZE do pool[i] = make() end
    pools[make] = pool
  end
  return pool[math.random(POOL_SIZE)]
end

local function browse() return pooled(browseRequest) end

local function sheddable() return pooled(sheddableRequest) end

-- global, so that done() can read each thread's count
asked = 0
local function critical()
  if math.random(4) > 1 then
    return pooled(ownRequestsRequest)
  end
  -- a (traveler, trip) pair no other request of this run used
  asked = asked + 1
  local k = pairOffset + asked * threadCount + tid
  local traveler = data.tokens[(k % #data.tokens) + 1]
  local trip = data.trips[(math.floor(k / #data.tokens) % #data.trips) + 1]
  return authorized("POST", "/api/v1/trips/" .. trip .. "/join-requests", traveler, '{"message":"同行"}')
end

function request()
  if class == "browse" then
    return browse()
  elseif class == "sheddable" then
    return sheddable()
  elseif class == "critical" then
    return critical()
  end
  -- the whole mix from one process, each request's class drawn by its share
  local r = math.random(100)
  if r <= 80 - criticalShare then return browse() elseif r <= 100 - criticalShare then return sheddable() end
  return critical()
end

if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *ts);
  ]]
  local clock = ffi.new("bench_timespec")
  local function nowMs()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
  end
  local interval, nextSlot
  -- the thread's next free slot of its share of the rate; a slot no connection was free for is not made up
  function delay()
    interval = interval or 1000 * threadCount / rate
    local now = nowMs()
    local slot = (nextSlot and nextSlot > now) and nextSlot or now
    nextSlot = slot + interval
    return math.floor(slot - now + 0.5)
  end
elseif pause > 0 then
  function delay() return pause end
end

-- BENCH_STATUSES=0 leaves out the response() callback, which costs the load generator a Lua call and a table of
-- headers per answer: answers are then only told apart as 2xx (wrk counts 3xx with them; the API sends none) and
-- the rest, from wrk's own count
local itemized = os.getenv("BENCH_STATUSES") ~= "0"
statuses = {}
if itemized then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    -- the application's refusals also by their problem type (503/dependency-unavailable=...): which guard said no
    if status >= 500 and body then
      local problem = string.match(body, '"type":"[^"]*/([^"/]+)"')
      if problem then
        local key = status .. "/" .. problem
        statuses[key] = (statuses[key] or 0) + 1
      end
    end
  end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do totals[status] = (totals[status] or 0) + count end
  end
  local line = "STATUSES"
  if itemized then
    for status, count in pairs(totals) do line = line .. " " .. status .. "=" .. count end
  else
    line = string.format("%s 2xx=%d non2xx=%d", line, summary.requests - summary.errors.status, summary.errors.status)
  end
  print(line)
  print(string.format("LATENCY_MS p50=%.2f p90=%.2f p99=%.2f max=%.2f", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  print(string.format("TOTAL requests=%d seconds=%.1f", summary.requests, summary.duration / 1e6))
  -- the pairs this run's join requests took: thread t asked as offset + n x threads + t for n = 1 .. its count
  local most = 0
  for _, thread in ipairs(threads) do most = math.max(most, thread:get("asked") or 0) end
  print(string.format("PAIRS used=%d", (most + 1) * #threads))
end
