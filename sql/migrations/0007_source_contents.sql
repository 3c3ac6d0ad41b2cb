-- 0007_source_contents: a file's bytes are stored once, and "already ingested"
-- is decided per account and path, not globally.
-- Safe while jobs run? No: run it with no ingest running (it rewrites
-- holocron.source_files); `holocron db migrate` is quick at real sizes.
--
-- Why: with the hash unique across everything, a byte-identical file under a
-- second account (an empty DataStore module, a copied Rematch.lua) was taken
-- for "already ingested" and never filed for that account. Now the no-op is
-- keyed by (account, path, hash) and the compressed bytes live in
-- holocron.source_contents, shared by every file record that has them.

CREATE TABLE holocron.source_contents (
  sha256        bytea PRIMARY KEY,
  size_bytes    bigint NOT NULL,
  content_gzip  bytea NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE holocron.source_contents ALTER COLUMN content_gzip SET STORAGE EXTERNAL;  -- already compressed

INSERT INTO holocron.source_contents (sha256, size_bytes, content_gzip, stored_at)
SELECT sha256, size_bytes, content_gzip, first_seen_at FROM holocron.source_files;

ALTER TABLE holocron.source_files DROP CONSTRAINT source_files_sha256_key;
ALTER TABLE holocron.source_files DROP COLUMN content_gzip;
ALTER TABLE holocron.source_files ADD CONSTRAINT source_files_content_fkey FOREIGN KEY (sha256) REFERENCES holocron.source_contents;
ALTER TABLE holocron.source_files ADD CONSTRAINT source_files_identity UNIQUE (account_id, path, sha256);
CREATE INDEX source_files_sha256 ON holocron.source_files (sha256);

-- 'failed': holocron itself could not read it (a bug); kept for `ingest --reprocess` after the fix.
ALTER TABLE holocron.source_files DROP CONSTRAINT source_files_status_check;
ALTER TABLE holocron.source_files ADD CONSTRAINT source_files_status_check CHECK (status IN ('ingested', 'rejected', 'deferred', 'failed'));
