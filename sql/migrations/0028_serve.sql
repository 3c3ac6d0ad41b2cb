-- 0028_serve
-- holocron serve: every upload from the gaming PC, with the server's receive
-- time beside the client's mtime (a PC clock far off shows here), and what
-- ingest made of it. The file itself is in holocron.source_files when stored;
-- this is the door's log, read by /api/v1/status for "last upload per account".
CREATE TABLE ops.uploads (
  upload_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at   timestamptz NOT NULL,
  account       text NOT NULL,
  flavour       text NOT NULL,
  file_name     text NOT NULL,
  sha256        text,                 -- null for a combat log read whole from its chunks
  size_bytes    bigint NOT NULL,
  client_mtime  timestamptz,          -- X-Holocron-Mtime as sent; the PC's clock
  status        text NOT NULL CHECK (status IN ('ingested', 'unchanged', 'rejected')),
  file_status   text NOT NULL         -- ingest's own word (deferred, skipped…)
);
CREATE INDEX ON ops.uploads (account, received_at DESC);
