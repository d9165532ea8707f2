-- Up Migration

-- Append-only logs (analytics events): written once by a commit, read and purged a day at a time. The
-- one index (the key) serves both, so an append costs a single index entry.
CREATE TABLE log_records (
  log text NOT NULL,
  day text NOT NULL,
  id text NOT NULL,
  value text NOT NULL,
  PRIMARY KEY (log, day, id)
);

-- A conditional write that found another version: raised with what was expected and found, so the
-- whole commit is rolled back and the bot sees the same ConcurrencyError as on the other stores.
CREATE FUNCTION bot_conflict(p_collection text, p_id text, p_expected text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_actual integer;
BEGIN
  SELECT d.version INTO v_actual FROM documents d WHERE d.collection = p_collection AND d.id = p_id;
  RAISE EXCEPTION 'conflict on %/%', p_collection, p_id USING
    ERRCODE = 'BC409',
    DETAIL = json_build_object('collection', p_collection, 'id', p_id, 'expected', p_expected, 'actual', coalesce(v_actual::text, 'absent'))::text;
END
$$;

-- One commit in one statement, so in one round trip: every change on its expected version (null: any,
-- 'absent': none yet), the log records and the outbox entries, all or nothing. Values travel as text
-- arrays beside the changes (a put's value at its change's position), so they are never escaped into JSON.
CREATE FUNCTION bot_commit(p_changes jsonb, p_values text[], p_records text[], p_outbox_keys text[], p_outbox_payloads text[], p_channel text)
RETURNS TABLE (versions integer[], outbox bigint[]) LANGUAGE plpgsql AS $$
DECLARE
  v_change jsonb;
  v_position integer := 0;
  v_value text;
  v_collection text;
  v_id text;
  v_expected text;
  v_version integer;
  v_versions integer[] := '{}';
  v_outbox bigint[] := '{}';
BEGIN
  FOR v_change IN SELECT value FROM jsonb_array_elements(p_changes) LOOP
    v_position := v_position + 1;
    v_value := p_values[v_position];
    v_collection := v_change ->> 'collection';
    v_id := v_change ->> 'id';
    v_expected := v_change ->> 'expected';
    v_version := NULL;
    IF v_change ->> 'kind' = 'check' THEN
      SELECT d.version INTO v_version FROM documents d WHERE d.collection = v_collection AND d.id = v_id FOR SHARE;
      IF coalesce(v_version::text, 'absent') <> v_expected THEN PERFORM bot_conflict(v_collection, v_id, v_expected); END IF;
      v_versions := v_versions || 0;
    ELSIF v_change ->> 'kind' = 'delete' THEN
      IF v_expected IS NULL THEN
        DELETE FROM documents d WHERE d.collection = v_collection AND d.id = v_id;
      ELSIF v_expected = 'absent' THEN
        IF EXISTS (SELECT 1 FROM documents d WHERE d.collection = v_collection AND d.id = v_id) THEN PERFORM bot_conflict(v_collection, v_id, v_expected); END IF;
      ELSE
        DELETE FROM documents d WHERE d.collection = v_collection AND d.id = v_id AND d.version = v_expected::integer;
        IF NOT FOUND THEN PERFORM bot_conflict(v_collection, v_id, v_expected); END IF;
      END IF;
      v_versions := v_versions || 0;
    ELSE
      IF v_expected IS NULL THEN
        INSERT INTO documents AS d (collection, id, version, value, tags)
          VALUES (v_collection, v_id, 1, v_value, nullif(v_change -> 'tags', 'null'::jsonb))
          ON CONFLICT (collection, id) DO UPDATE SET version = d.version + 1, value = EXCLUDED.value, tags = EXCLUDED.tags, updated_at = now()
          RETURNING d.version INTO v_version;
      ELSIF v_expected = 'absent' THEN
        INSERT INTO documents AS d (collection, id, version, value, tags)
          VALUES (v_collection, v_id, 1, v_value, nullif(v_change -> 'tags', 'null'::jsonb))
          ON CONFLICT (collection, id) DO NOTHING
          RETURNING d.version INTO v_version;
      ELSE
        UPDATE documents d SET version = d.version + 1, value = v_value, tags = nullif(v_change -> 'tags', 'null'::jsonb), updated_at = now()
          WHERE d.collection = v_collection AND d.id = v_id AND d.version = v_expected::integer
          RETURNING d.version INTO v_version;
      END IF;
      IF v_version IS NULL THEN PERFORM bot_conflict(v_collection, v_id, v_expected); END IF;
      v_versions := v_versions || v_version;
    END IF;
  END LOOP;
  -- p_records: log, day, id and value of each record, one after the other.
  IF cardinality(p_records) > 0 THEN
    INSERT INTO log_records (log, day, id, value)
      SELECT p_records[n], p_records[n + 1], p_records[n + 2], p_records[n + 3] FROM generate_series(1, cardinality(p_records), 4) AS n
      ON CONFLICT (log, day, id) DO NOTHING;
  END IF;
  IF cardinality(p_outbox_keys) > 0 THEN
    WITH inserted AS (
      INSERT INTO outbox (key, payload)
        SELECT t.key, t.payload FROM unnest(p_outbox_keys, p_outbox_payloads) WITH ORDINALITY AS t(key, payload, n) ORDER BY t.n
        RETURNING seq
    )
    SELECT array_agg(seq ORDER BY seq) INTO v_outbox FROM inserted;
    PERFORM pg_notify(p_channel, '');
  END IF;
  RETURN QUERY SELECT v_versions, v_outbox;
END
$$;

-- Down Migration
DROP FUNCTION bot_commit(jsonb, text[], text[], text[], text[], text);
DROP FUNCTION bot_conflict(text, text, text);
DROP TABLE log_records;
