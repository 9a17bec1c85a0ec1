-- Department inbox (issue #20): clerks, web sessions, the clerks' own audit trail, done and
-- re-route, and re-routes as corrections the desks learn from.
--
-- The web application logs in as a role with no privileges of its own (NOINHERIT, member of
-- scan_inbox). Each request runs in a transaction that says SET LOCAL ROLE scan_inbox (sign-in,
-- sessions) or SET LOCAL ROLE <department role> (everything a clerk sees and does), so row-level
-- security decides what a page may show. scan_inbox is NOINHERIT too: being able to become a
-- department is not the same as seeing its mail.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scan_inbox') THEN
        CREATE ROLE scan_inbox NOLOGIN NOINHERIT;
    END IF;
END $$;
GRANT USAGE ON SCHEMA central TO scan_inbox;

-- Clerks: one department each; password_hash is "scrypt$n$r$p$salt$hash" (station.inbox.passwords).
CREATE TABLE central.clerks (
    username       text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,40}$'),
    department     text NOT NULL REFERENCES central.departments,
    password_hash  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    disabled       boolean NOT NULL DEFAULT false
);

-- Server-side sessions: the cookie carries a random id, the table only its SHA-256.
CREATE TABLE central.inbox_sessions (
    id_hash     text PRIMARY KEY,
    username    text NOT NULL REFERENCES central.clerks ON DELETE CASCADE,
    csrf_token  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX inbox_sessions_expiry ON central.inbox_sessions (expires_at);

GRANT SELECT ON central.clerks TO scan_inbox;
GRANT SELECT (department, role_name) ON central.departments TO scan_inbox;
CREATE POLICY inbox_reads ON central.departments FOR SELECT TO scan_inbox USING (true);
GRANT SELECT, INSERT, DELETE ON central.inbox_sessions TO scan_inbox;

-- Every clerk action (and every sign-in, failed or not), with who, where from and about what.
CREATE TABLE central.inbox_events (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    username     text NOT NULL,
    department   text,
    action       text NOT NULL,
    document_id  uuid,
    client       text NOT NULL DEFAULT '',
    detail       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX inbox_events_document ON central.inbox_events (document_id, at);
ALTER TABLE central.inbox_events ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON central.inbox_events TO scan_department, scan_inbox;
GRANT USAGE ON SEQUENCE central.inbox_events_id_seq TO scan_department, scan_inbox;
-- Sign-in events are written before a department is known; a department reads and writes its own.
CREATE POLICY inbox_signin ON central.inbox_events FOR INSERT TO scan_inbox
    WITH CHECK (action IN ('signin', 'signin_failed', 'signin_limited', 'signout'));
CREATE POLICY department_writes ON central.inbox_events FOR INSERT TO scan_department
    WITH CHECK (department = (SELECT central.my_department()));
CREATE POLICY department_reads ON central.inbox_events FOR SELECT TO scan_department
    USING (department = (SELECT central.my_department())
           OR EXISTS (SELECT 1 FROM central.routing r WHERE r.document_id = inbox_events.document_id));

-- Done and re-route live next to taken_at in the routing row.
ALTER TABLE central.routing ADD COLUMN IF NOT EXISTS done_at timestamptz;
ALTER TABLE central.routing ADD COLUMN IF NOT EXISTS done_by text;
ALTER TABLE central.routing ADD COLUMN IF NOT EXISTS rerouted_from text;
ALTER TABLE central.routing ADD COLUMN IF NOT EXISTS corrected_type text;
-- The document's type next to its routing row, so the counts per type read the routing rows only.
ALTER TABLE central.routing ADD COLUMN IF NOT EXISTS doc_type text;
UPDATE central.routing r SET doc_type = coalesce(
    (SELECT am.doc_type FROM central.amendments am WHERE am.document_id = r.document_id AND am.doc_type IS NOT NULL
     ORDER BY am.at DESC LIMIT 1),
    (SELECT d.doc_type FROM central.documents d WHERE d.id = r.document_id AND d.received_at = r.received_at))
WHERE r.doc_type IS NULL;
CREATE INDEX IF NOT EXISTS routing_open ON central.routing (department, received_at, document_id)
    INCLUDE (doc_type, corrected_type) WHERE done_at IS NULL;

CREATE FUNCTION central.routing_doc_type() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.doc_type IS NULL THEN
        SELECT d.doc_type INTO NEW.doc_type FROM central.documents d
        WHERE d.id = NEW.document_id AND d.received_at = NEW.received_at;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER routing_doc_type BEFORE INSERT ON central.routing
    FOR EACH ROW EXECUTE FUNCTION central.routing_doc_type();

CREATE FUNCTION central.amendment_doc_type() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.doc_type IS NOT NULL THEN
        UPDATE central.routing SET doc_type = NEW.doc_type WHERE document_id = NEW.document_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER amendments_doc_type AFTER INSERT ON central.amendments
    FOR EACH ROW EXECUTE FUNCTION central.amendment_doc_type();

GRANT UPDATE (done_at, done_by) ON central.routing TO scan_department;
-- A department finishes its own rows (handing a row on is central.apply_reroute's job).
CREATE POLICY department_works ON central.routing FOR UPDATE TO scan_department
    USING (department = (SELECT central.my_department()))
    WITH CHECK (department = (SELECT central.my_department()));

-- The document's station audit trail: its own events and the "received" events of its pages.
GRANT SELECT ON central.audit_events TO scan_department;
CREATE POLICY department_reads ON central.audit_events FOR SELECT TO scan_department
    USING (EXISTS (SELECT 1 FROM central.routing r WHERE r.document_id = audit_events.document_id)
           OR (kind = 'received' AND EXISTS (
                SELECT 1 FROM central.pages p
                WHERE p.batch_id = audit_events.batch_id AND p.station_id = audit_events.station_id
                  AND audit_events.page_hashes ? p.sha256)));

-- The chain's links without content (hashes only), so a department can check that the events it
-- sees sit unbroken in their station's chain without reading other departments' events.
CREATE VIEW central.audit_chain_links AS
SELECT station_id, seq, prev_hash, hash FROM central.audit_events;
CREATE INDEX IF NOT EXISTS audit_events_station_seq ON central.audit_events (station_id, seq);
GRANT SELECT ON central.audit_chain_links TO scan_department;

-- The names of all departments (a re-route needs a target; the mapping rows stay private).
CREATE FUNCTION central.department_names() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT department FROM central.departments ORDER BY department
$$;
REVOKE ALL ON FUNCTION central.department_names() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION central.department_names() TO scan_department, scan_inbox;

-- Re-routes are corrections: the desk of origin fetches them (idempotently) as training data.
CREATE TABLE central.corrections (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id      uuid NOT NULL,
    station_id       text NOT NULL,
    at               timestamptz NOT NULL DEFAULT clock_timestamp(),
    username         text NOT NULL,
    from_department  text NOT NULL,
    to_department    text NOT NULL,
    old_doc_type     text NOT NULL,
    new_doc_type     text,
    reason           text NOT NULL CHECK (length(btrim(reason)) > 0),
    applied_at       timestamptz
);
CREATE INDEX corrections_station ON central.corrections (station_id, at);
CREATE INDEX corrections_document ON central.corrections (document_id);
ALTER TABLE central.corrections ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON central.corrections TO scan_department;
GRANT INSERT (id, document_id, station_id, username, from_department, to_department, old_doc_type, new_doc_type, reason)
    ON central.corrections TO scan_department;
GRANT SELECT ON central.corrections TO scan_station;
CREATE POLICY department_writes ON central.corrections FOR INSERT TO scan_department
    WITH CHECK (from_department = (SELECT central.my_department()));
CREATE POLICY department_reads ON central.corrections FOR SELECT TO scan_department
    USING (from_department = (SELECT central.my_department()) OR to_department = (SELECT central.my_department()));
CREATE POLICY station_reads ON central.corrections FOR SELECT TO scan_station
    USING (station_id = (SELECT central.my_station()));

-- Which station fetched which correction for training, and when: the fetch is audited, and a
-- second fetch records nothing new.
CREATE TABLE central.correction_fetches (
    correction_id  uuid NOT NULL REFERENCES central.corrections,
    station_id     text NOT NULL,
    fetched_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (correction_id, station_id)
);
ALTER TABLE central.correction_fetches ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON central.correction_fetches TO scan_station;
CREATE POLICY station_own ON central.correction_fetches FOR ALL TO scan_station
    USING (station_id = (SELECT central.my_station()))
    WITH CHECK (station_id = (SELECT central.my_station()));

-- Done: only a taken, open document of one's own department.
CREATE FUNCTION central.finish_document(doc uuid, clerk text) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE central.routing SET done_at = clock_timestamp(), done_by = clerk
    WHERE document_id = doc AND taken_at IS NOT NULL AND done_at IS NULL;
    RETURN FOUND;
END $$;

-- Re-route, step 2 (owner's rights): move the routing row a correction names, once. A department can
-- only write corrections from itself (RLS), and the row moves only while it is routed there: so no
-- department can move another's mail, and none needs to see a row after it has left.
CREATE FUNCTION central.apply_reroute(correction uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c record;
BEGIN
    SELECT * INTO c FROM central.corrections WHERE id = correction AND applied_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE central.routing SET department = c.to_department, rerouted_from = c.from_department,
           taken_at = NULL, taken_by = NULL, ready_at = clock_timestamp(),
           corrected_type = coalesce(c.new_doc_type, corrected_type)
    WHERE document_id = c.document_id AND department = c.from_department AND done_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE central.corrections SET applied_at = clock_timestamp() WHERE id = correction;
    -- ids only (005): every role may LISTEN, so the payload names nothing RLS would hide
    PERFORM pg_notify('documents_ready', c.document_id::text);
    RETURN true;
END $$;

-- Re-route, step 1 (the department's rights): hand an open document of one's own department to
-- another, with a reason; recorded as a correction for the classifier and announced.
CREATE FUNCTION central.reroute_document(doc uuid, target text, why text, clerk text, new_type text DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me text := central.my_department();
    row_ record;
    correction uuid;
BEGIN
    IF why IS NULL OR length(btrim(why)) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'SC201', MESSAGE = 'a re-route needs a reason';
    END IF;
    IF target IS NULL OR target = me OR NOT EXISTS (SELECT 1 FROM central.department_names() n WHERE n = target) THEN
        RAISE EXCEPTION USING ERRCODE = 'SC202', MESSAGE = format('unknown target department %s', target);
    END IF;
    SELECT r.document_id, d.station_id, coalesce(r.corrected_type, d.doc_type) AS doc_type INTO row_
    FROM central.routing r JOIN central.documents d ON d.id = r.document_id AND d.received_at = r.received_at
    WHERE r.document_id = doc AND r.department = me AND r.done_at IS NULL
    FOR UPDATE OF r;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    correction := gen_random_uuid();
    INSERT INTO central.corrections (id, document_id, station_id, username, from_department, to_department,
                                     old_doc_type, new_doc_type, reason)
    VALUES (correction, doc, row_.station_id, clerk, me, target, row_.doc_type, nullif(new_type, ''), btrim(why));
    IF NOT central.apply_reroute(correction) THEN
        RETURN NULL;
    END IF;
    RETURN correction;
END $$;

REVOKE ALL ON FUNCTION central.finish_document(uuid, text), central.reroute_document(uuid, text, text, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION central.finish_document(uuid, text), central.reroute_document(uuid, text, text, text, text)
    TO scan_department;
REVOKE ALL ON FUNCTION central.apply_reroute(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION central.apply_reroute(uuid) TO scan_department;
