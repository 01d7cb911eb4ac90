-- Shared by the wrk scripts: the users file (WRK_USERS, written by setup.sh), one user per connection slot, and
-- unique Idempotency-Keys per thread. wrk runs each thread in its own Lua state, so nothing here is shared.
local common = {}

function common.load_users()
  local path = os.getenv("WRK_USERS") or "users.txt"
  local users = {}
  for line in io.lines(path) do
    local token, account = line:match("^(%S+)%s+(%S+)$")
    if token then
      users[#users + 1] = { token = token, account = account }
    end
  end
  assert(#users > 0, "no users in " .. path .. " (run Bench/wrk/setup.sh first)")
  return users
end

local counter = 0
local prefix = string.format("wrk-%d-%d-", os.time(), math.random(1, 1e9))

function common.key()
  counter = counter + 1
  return prefix .. counter
end

function common.read(user)
  return wrk.format("GET", "/v1/accounts/" .. user.account, { ["Authorization"] = "Bearer " .. user.token })
end

function common.deposit(user)
  return wrk.format("POST", "/v1/accounts/" .. user.account .. "/deposits", {
    ["Authorization"] = "Bearer " .. user.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = common.key(),
  }, '{"amount":100}')
end

function common.transfer(user, other)
  return wrk.format("POST", "/v1/transfers", {
    ["Authorization"] = "Bearer " .. user.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = common.key(),
  }, '{"fromAccountId":"' .. user.account .. '","toAccountId":"' .. other.account .. '","amount":1}')
end

-- Installs wrk's init/request/response for a mix: pick(n, user, other) returns the n-th request, where user is the
-- connection's next user and other a different one (the transfer's destination).
function common.drive(pick)
  local users, n = nil, 0
  init = function(args)
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
    users = common.load_users()
    n = math.random(1, #users)
  end
  request = function()
    n = n + 1
    local user = users[(n % #users) + 1]
    local other = users[((n + 1 + math.random(0, #users - 2)) % #users) + 1]
    return pick(n, user, other)
  end
end

return common
