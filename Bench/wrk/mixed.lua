-- wrk -t2 -c64 -d15s -s Bench/wrk/mixed.lua http://127.0.0.1:5080   (WRK_USERS=… from Bench/wrk/setup.sh)
-- The same request mix as `Bench.dll api --mix mixed`.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

-- 80 % reads, 10 % deposits, 10 % transfers.
common.drive(function(n, user, other)
  local pick = n % 10
  if pick == 8 then
    return common.deposit(user)
  elseif pick == 9 then
    return common.transfer(user, other)
  end
  return common.read(user)
end)
