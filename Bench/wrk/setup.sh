#!/usr/bin/env bash
# Signs in N users through the API (register, login, open and fund an account each) and writes one line per user,
# "<token> <accountId>", for the wrk scripts beside this file. Loopback targets only.
#   Bench/wrk/setup.sh http://127.0.0.1:5080 64 > /tmp/wrk-users.txt
#   WRK_USERS=/tmp/wrk-users.txt wrk -t2 -c64 -d15s -s Bench/wrk/read.lua http://127.0.0.1:5080
set -euo pipefail
url=${1:?usage: setup.sh URL [USERS]}
count=${2:-64}
case $url in http://127.*|http://localhost*|http://\[::1\]*) ;; *) echo "setup.sh: loopback URLs only" >&2; exit 2 ;; esac
run=$(head -c 5 /dev/urandom | od -An -tx1 | tr -d ' \n')
field() { sed -n 's/.*"'"$1"'":"\([^"]*\)".*/\1/p'; }
for i in $(seq 0 $((count - 1))); do
  email="wrk-$run-$i@example.com"
  body="{\"email\":\"$email\",\"password\":\"wrk-password-0123456789\"}"
  curl -sf -o /dev/null -X POST "$url/v1/users" -H 'Content-Type: application/json' -d "$body"
  token=$(curl -sf -X POST "$url/v1/sessions" -H 'Content-Type: application/json' -d "$body" | field token)
  account=$(curl -sf -X POST "$url/v1/accounts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"currency":"EUR"}' | field id)
  curl -sf -o /dev/null -X POST "$url/v1/accounts/$account/deposits" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: fund-$account" -d '{"amount":1000000000}'
  echo "$token $account"
done
