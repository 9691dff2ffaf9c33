-- Rate-limit buckets shared by every replica (issue 15). One row per bucket (API key, conversation
-- or client, hashed), holding GCRA's "theoretical arrival time": the bucket is full again once
-- that time has passed, and such rows are swept.
--
-- Plain IF NOT EXISTS on purpose: the rate limiter also runs this file itself when it starts
-- (under an advisory lock), so it works whether or not the store's migrations have run it.
--
-- UNLOGGED: buckets are worth a minute at most; skipping the WAL makes each check cheaper, and
-- losing them in a crash (or on a failover to a standby) only refills every bucket.
CREATE UNLOGGED TABLE IF NOT EXISTS rate_buckets (
    bucket     text        PRIMARY KEY,
    tat        timestamptz NOT NULL,
    checked_at timestamptz NOT NULL,
    allowed    boolean     NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_buckets_tat ON rate_buckets (tat);
