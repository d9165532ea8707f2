-- Up Migration

-- Every document of every collection. The value is kept as the JSON text the bot wrote, byte for byte;
-- tags are what `find` filters on.
CREATE TABLE documents (
  collection text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  value text NOT NULL,
  tags jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection, id)
);
CREATE INDEX documents_tags ON documents USING gin (tags jsonb_path_ops) WHERE tags IS NOT NULL;

-- One active case per agent, whatever the application does: a case in a live chat is tagged with its holder.
CREATE UNIQUE INDEX documents_one_active_case_per_agent ON documents ((tags ->> 'holder'))
  WHERE collection = 'cases' AND tags ? 'holder';

-- Messages for conversations, delivered by whichever replica claims them, in order per key.
CREATE TABLE outbox (
  seq bigserial PRIMARY KEY,
  key text NOT NULL,
  payload text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz NOT NULL DEFAULT now(),
  claimed_by text,
  claimed_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_key_seq ON outbox (key, seq);

-- Time-limited leases: a periodic job runs on one replica per interval.
CREATE TABLE leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE leases;
DROP TABLE outbox;
DROP TABLE documents;
