-- Up Migration

-- The web chat's Direct Line conversations, so a browser polling or streaming from any replica sees every activity.
CREATE TABLE directline_conversations (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  next_watermark bigint NOT NULL DEFAULT 1,
  bytes bigint NOT NULL DEFAULT 0,
  last_used timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directline_conversations_last_used ON directline_conversations (last_used);

CREATE TABLE directline_activities (
  conversation_id text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
  watermark bigint NOT NULL,
  activity_id text NOT NULL,
  activity text NOT NULL,
  bytes integer NOT NULL,
  PRIMARY KEY (conversation_id, watermark)
);
CREATE INDEX directline_activities_activity_id ON directline_activities (conversation_id, activity_id);

-- Down Migration
DROP TABLE directline_activities;
DROP TABLE directline_conversations;
