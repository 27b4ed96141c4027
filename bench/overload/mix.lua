-- One class of the overload benchmark's traffic mix, chosen by BENCH_CLASS:
--   browse    (about 70%): trip pages, search in Chinese and English, nearby trips, the trip list   (normal)
--   sheddable (about 20%): inbox refreshes and place-name suggestions                               (sheddable)
--   critical  (about 10%): asking to join a trip, listing one's own join requests                   (critical)
-- BENCH_DELAY_MS paces each connection (its think time), so that connections x (1000 / delay) is the offered rate.
-- BENCH_PAIR_OFFSET keeps each phase's join requests apart: every (traveler, trip) pair asks once.
local data = dofile(os.getenv("BENCH_DATA"))
local class = os.getenv("BENCH_CLASS") or "browse"
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local pairOffset = tonumber(os.getenv("BENCH_PAIR_OFFSET") or "0")

local threads = {}
local nextId = 0
function setup(thread)
  thread:set("tid", nextId)
  nextId = nextId + 1
  table.insert(threads, thread)
end

local counter = 0
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

function request()
  counter = counter + 1
  if class == "browse" then
    local r = math.random(100)
    if r <= 40 then
      return wrk.format("GET", "/api/v1/trips/" .. pick(data.trips))
    elseif r <= 75 then
      return wrk.format("GET", "/api/v1/search/trips?q=" .. escape(pick(data.words)))
    elseif r <= 90 then
      local place = pick(data.places)
      return wrk.format("GET", string.format("/api/v1/nearby-trips?latitude=%.4f&longitude=%.4f&radiusKm=30",
        place[1], place[2]))
    else
      return wrk.format("GET", "/api/v1/trips?size=20")
    end
  elseif class == "sheddable" then
    if math.random(2) == 1 then
      return authorized("GET", "/api/v1/inbox", pick(data.tokens))
    end
    return wrk.format("GET", "/api/v1/places?prefix=" .. pick(data.prefixes))
  else
    if counter % 2 == 0 then
      return authorized("GET", "/api/v1/join-requests", pick(data.tokens))
    end
    -- a pair no other request of this run used
    local k = pairOffset + math.floor(counter / 2) * threadCount + tid
    local traveler = data.tokens[(k % #data.tokens) + 1]
    local trip = data.trips[(math.floor(k / #data.tokens) % #data.trips) + 1]
    return authorized("POST", "/api/v1/trips/" .. trip .. "/join-requests", traveler, '{"message":"同行"}')
  end
end

if pause > 0 then
  function delay() return pause end
end

statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do totals[status] = (totals[status] or 0) + count end
  end
  local line = "STATUSES"
  for status, count in pairs(totals) do line = line .. " " .. status .. "=" .. count end
  print(line)
  print(string.format("LATENCY_MS p50=%.2f p90=%.2f p99=%.2f max=%.2f", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  print(string.format("TOTAL requests=%d seconds=%.1f", summary.requests, summary.duration / 1e6))
end
