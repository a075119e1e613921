-- One-time claims of the office's sign-in links (issue 15's SessionStore.claimOnce): the SHA-256 of a
-- link's id, kept until the link has expired anyway (epoch ms).

-- Up Migration

CREATE TABLE rectify_once_claims (
  id text PRIMARY KEY,
  until bigint NOT NULL
);

-- Down Migration

DROP TABLE rectify_once_claims;
