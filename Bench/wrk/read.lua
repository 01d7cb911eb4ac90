-- wrk -t2 -c64 -d15s -s Bench/wrk/read.lua http://127.0.0.1:5080   (WRK_USERS=… from Bench/wrk/setup.sh)
-- The same request mix as `Bench.dll api --mix read`.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.drive(function(n, user, other) return common.read(user) end)
