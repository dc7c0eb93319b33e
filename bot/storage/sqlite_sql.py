"""The SQLite store's schema (with its version) and the statements that carry its rules."""

# 2: unmatched descriptions are kept per conversation (the anonymous table of 1 is dropped:
# its rows could not be tied to anyone's /forget)
SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    chat INTEGER NOT NULL,
    user INTEGER NOT NULL,
    turn INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (chat, user)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated);
CREATE TABLE IF NOT EXISTS inactive_users (
    user INTEGER PRIMARY KEY,
    since REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS seen_updates (
    update_id INTEGER PRIMARY KEY,
    seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_updates_seen ON seen_updates (seen);
CREATE TABLE IF NOT EXISTS unmatched (
    user INTEGER NOT NULL,
    chat INTEGER NOT NULL,
    text TEXT NOT NULL,
    count INTEGER NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (user, chat, text)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parked_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unmatched_updated ON unmatched (updated);
"""
# An expired row counts as absent, so a fresh start may take its place.
INSERT_NEW = """
INSERT INTO sessions (chat, user, turn, data, updated) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (chat, user) DO UPDATE
SET turn = excluded.turn, data = excluded.data, updated = excluded.updated
WHERE sessions.updated < ?
"""
UPDATE_IF_TURN = """
UPDATE sessions SET turn = ?, data = ?, updated = ?
WHERE chat = ? AND user = ? AND turn = ? AND updated >= ?
"""
FIRST_TIME = """
INSERT INTO seen_updates (update_id, seen) VALUES (?, ?)
ON CONFLICT (update_id) DO UPDATE SET seen = excluded.seen WHERE seen_updates.seen < ?
"""
