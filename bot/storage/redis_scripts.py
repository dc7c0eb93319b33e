"""The Lua scripts the Redis store runs, each one atomic on the server.

Kept apart from `redis.py` so the store reads as Python; every script says what its KEYS and
ARGV hold.
"""

# KEYS: session, user index. ARGV: expected turn ('' = must not exist), "turn:JSON", expiry
# ms, chat id. A plain string with the turn in front costs ~30 % less memory than a hash.
# Identical content already stored means our own retried write landed.
PUT_SCRIPT = """
local cur = redis.call('GET', KEYS[1])
if cur ~= ARGV[2] then
  if cur then
    local sep = string.find(cur, ':', 1, true)
    if not sep or string.sub(cur, 1, sep - 1) ~= ARGV[1] then return 0 end
  elseif ARGV[1] ~= '' then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
"""

# KEYS: user index, inactive flag, unmatched descriptions. ARGV: session key prefix,
# ':' .. user. Session keys are built here from the index (fine on a single Redis, not on a
# cluster).
FORGET_SCRIPT = """
local n = 0
for _, chat in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  n = n + redis.call('DEL', ARGV[1] .. chat .. ARGV[2])
end
n = n + redis.call('DEL', KEYS[2])
n = n + redis.call('HLEN', KEYS[3])
redis.call('DEL', KEYS[1], KEYS[3])
return n
"""

# SET NX EX with a per-call token, so a retried call that already landed still says "first".
FIRST_TIME_SCRIPT = """
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
if v == ARGV[1] then return 1 end
return 0
"""

LOCK_SCRIPT = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
return 0
"""

RENEW_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

UNLOCK_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

# KEYS: the user's unmatched hash. ARGV: "{chat}:{text}", "{chat}:", cap per conversation,
# expiry ms. A new text beyond the cap is not kept; a known one still counts.
UNMATCHED_SCRIPT = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  local n = 0
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(field, 1, #ARGV[2]) == ARGV[2] then n = n + 1 end
  end
  if n >= tonumber(ARGV[3]) then return 0 end
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
"""
