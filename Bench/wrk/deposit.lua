-- wrk -t2 -c64 -d15s -s Bench/wrk/deposit.lua http://127.0.0.1:5080   (WRK_USERS=… from Bench/wrk/setup.sh)
-- The same request mix as `Bench.dll api --mix deposit`.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")
local users, n, statuses = nil, 0, {}

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  users = common.load_users()
  n = math.random(1, #users)
end

function request()
  n = n + 1
  local user = users[(n % #users) + 1]
  local other = users[((n + 1 + math.random(0, #users - 2)) % #users) + 1]
  return common.deposit(user)
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
