-- The limiter-overhead probe: one anonymous trip page, over and over (BENCH_PATH).
local path = os.getenv("BENCH_PATH")
function request()
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  print(string.format("LATENCY mean_us=%.1f p50_us=%d p99_us=%d requests=%d", latency.mean,
    latency:percentile(50), latency:percentile(99), summary.requests))
end
