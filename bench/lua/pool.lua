-- One user per wrk thread (run with -t N -c N): tokens come from BENCH_TOKENS_FILE, thread i takes
-- lines i, i+N, i+2N, ...
--   BENCH_MODE=checkout: POST /api/venta/ with the next user of the thread (each has a 3-line cart)
--   BENCH_MODE=add:      POST /api/carrito-item/ with a random product (1..BENCH_PRODUCTS), 1 unit
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  tokens = {}
  local i = 0
  for line in io.lines(os.getenv("BENCH_TOKENS_FILE")) do
    if i % nthreads == id then
      table.insert(tokens, line)
    end
    i = i + 1
  end
  pos = 0
  mode = os.getenv("BENCH_MODE")
  nproductos = tonumber(os.getenv("BENCH_PRODUCTS") or "1")
  math.randomseed(id * 7919 + os.time())
end

function request()
  pos = pos + 1
  local headers = {["Content-Type"] = "application/json"}
  if mode == "checkout" then
    headers["Authorization"] = "Bearer " .. tokens[((pos - 1) % #tokens) + 1]
    return wrk.format("POST", "/api/venta/", headers, "{}")
  end
  headers["Authorization"] = "Bearer " .. tokens[1]
  local body = string.format('{"producto": %d, "cantidad": 1}', math.random(1, nproductos))
  return wrk.format("POST", "/api/carrito-item/", headers, body)
end
