-- The limiter-overhead probe: one anonymous trip page, over and over (BENCH_PATH).
local path = os.getenv("BENCH_PATH")
function request()
  return wrk.format("GET", path)
end
