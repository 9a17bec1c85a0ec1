-- Proof of receipt (audit part, issue #10): which cancellations arrived on a given day, and when.
-- The day is the Berlin calendar day (the mailroom's), the timestamps are the stations' received
-- times (timestamptz: shown in any zone). A correction after sync (an amendment) decides the type:
-- a letter re-classified as a cancellation shows up, one re-classified away does not.
-- Numbered 050 to stay clear of the sync part's own sequence (001, 002, ...).

CREATE INDEX IF NOT EXISTS documents_received_at ON central.documents (received_at);

CREATE VIEW central.cancellations WITH (security_invoker = true) AS
SELECT (d.received_at AT TIME ZONE 'Europe/Berlin')::date AS received_day,
       d.received_at,
       d.received_at AT TIME ZONE 'Europe/Berlin' AS received_local,
       d.id AS document_id,
       d.station_id,
       d.batch_id,
       coalesce(a.fields, d.fields) ->> 'customer_number' AS customer_number,
       d.page_count,
       coalesce(a.department, d.department) AS department,
       a.id IS NOT NULL AS amended
FROM central.documents d
LEFT JOIN LATERAL (
    SELECT am.id, am.doc_type, am.department, am.fields FROM central.amendments am
    WHERE am.document_id = d.id ORDER BY am.at DESC LIMIT 1
) a ON true
WHERE coalesce(a.doc_type, d.doc_type) = 'kuendigung';

-- The look-up a department runs: one Berlin day, oldest first. Written as a range on received_at
-- so PostgreSQL prunes the month partitions and uses the index instead of scanning a year.
CREATE FUNCTION central.cancellations_received_on(day date)
RETURNS SETOF central.cancellations
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM central.cancellations c
    WHERE c.received_at >= (day::timestamp AT TIME ZONE 'Europe/Berlin')
      AND c.received_at < ((day + 1)::timestamp AT TIME ZONE 'Europe/Berlin')
    ORDER BY c.received_at, c.document_id
$$;

GRANT SELECT ON central.cancellations TO scan_station, scan_department;
GRANT EXECUTE ON FUNCTION central.cancellations_received_on(date) TO scan_station, scan_department;
