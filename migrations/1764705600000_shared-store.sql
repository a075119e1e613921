-- The shared store (issue 18): what the data folder keeps, for several hosts.
-- Applied by node-pg-migrate (config/migrate.ts) from `rectify migrate` and at worker start.

-- Up Migration

-- Sent-mail claims: a Message-ID is claimed (state 'claimed', with its holder and lease) before it is
-- sent and marked 'sent' after; exactly one attempt on any host holds a live claim.
CREATE TABLE rectify_sent_mail (
  message_id text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('claimed', 'sent')),
  holder text,
  lease_until timestamptz,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);

-- The event log (events.jsonl): each event once, by its key, in the order recorded.
CREATE TABLE rectify_events (
  seq bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  at text NOT NULL,
  event json NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- The documents sent (documents/<campaign>/<id>.{html,docx,json}).
CREATE TABLE rectify_documents (
  id text PRIMARY KEY,
  campaign text NOT NULL,
  at text NOT NULL,
  meta json NOT NULL,
  html text NOT NULL,
  docx bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectify_documents_campaign ON rectify_documents (campaign, at);

-- Uploaded evidence (uploads/<campaign>/<item>/<sha256 prefix>.<ext>), in chunks of 1 MiB, written and
-- read as streams; a file is listed in rectify_uploads only once all its chunks are in (one transaction).
CREATE TABLE rectify_uploads (
  rel text PRIMARY KEY,
  bytes bigint NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rectify_upload_chunks (
  rel text NOT NULL REFERENCES rectify_uploads (rel) ON DELETE CASCADE,
  n integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (rel, n)
);

-- The official holiday years loaded with `rectify calendar update` (holidays.json): one document.
CREATE TABLE rectify_holidays (
  id integer PRIMARY KEY CHECK (id = 1),
  data json NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Office sessions (sessions/<id>.json): the SHA-256 of the cookie's secret, never the secret; times in ms.
CREATE TABLE rectify_sessions (
  id text PRIMARY KEY,
  subject text NOT NULL,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX rectify_sessions_subject ON rectify_sessions (subject);

-- Down Migration

DROP TABLE rectify_sessions;
DROP TABLE rectify_holidays;
DROP TABLE rectify_upload_chunks;
DROP TABLE rectify_uploads;
DROP TABLE rectify_documents;
DROP TABLE rectify_events;
DROP TABLE rectify_sent_mail;
