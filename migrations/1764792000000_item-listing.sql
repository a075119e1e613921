-- 事项名录, the item listing (activities/deps.ts ItemListing): per campaign, per item, what the board of a
-- campaign with desks shows and the campaign's own list does not keep. Written by startItemWorkflows (a
-- batch's rows, a row already there kept) and by a plan change (its rows replaced); read whole per campaign.

-- Up Migration

CREATE TABLE rectify_item_listing (
  campaign text NOT NULL,
  key text NOT NULL,
  id text NOT NULL,
  title text NOT NULL,
  section text NOT NULL,
  lead_unit text NOT NULL,
  leader_id text NOT NULL,
  leader text NOT NULL,
  deadline text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign, key)
);

-- Down Migration

DROP TABLE rectify_item_listing;
