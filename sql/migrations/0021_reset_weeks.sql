-- 0021_reset_weeks
-- placeholder: the reset branch replaces this file. Contract others rely on:
CREATE TABLE ops.reset_weeks (
  region     text NOT NULL,
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL,
  PRIMARY KEY (region, starts_at)
);
