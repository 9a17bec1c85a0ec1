-- The daily cancellation proof log (issue #19): per day of delivery (Posteingangsdatum), every
-- cancellation with its tracking number (registered mail), delivery date, scan time, station, document
-- id and page hashes. A letter delivered on Friday and scanned on Monday is listed under Friday. Rows from
-- before delivery dates existed are listed under their scan day in Berlin. A correction after sync
-- (an amendment) decides whether a document is a cancellation, as in central.cancellations.

CREATE FUNCTION central.cancellation_log(day date)
RETURNS TABLE (delivery_date date, document_id uuid, registered boolean, tracking_number text,
               received_at timestamptz, station_id text, batch_id uuid, customer_number text,
               page_count integer, department text, amended boolean, page_hashes text[])
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(d.delivery_date, (d.received_at AT TIME ZONE 'Europe/Berlin')::date),
           d.id, d.registered, d.tracking_number, d.received_at, d.station_id, d.batch_id,
           coalesce(a.fields, d.fields) ->> 'customer_number', d.page_count,
           coalesce(a.department, d.department), a.id IS NOT NULL,
           coalesce((SELECT array_agg(p.sha256 ORDER BY p.position) FROM central.pages p WHERE p.document_id = d.id),
                    '{}'::text[])
    FROM central.documents d
    LEFT JOIN LATERAL (
        SELECT am.id, am.doc_type, am.department, am.fields FROM central.amendments am
        WHERE am.document_id = d.id ORDER BY am.at DESC LIMIT 1
    ) a ON true
    WHERE coalesce(a.doc_type, d.doc_type) = 'kuendigung'
      AND (d.delivery_date = day
           OR (d.delivery_date IS NULL
               AND d.received_at >= (day::timestamp AT TIME ZONE 'Europe/Berlin')
               AND d.received_at < ((day + 1)::timestamp AT TIME ZONE 'Europe/Berlin')))
    ORDER BY d.received_at, d.id
$$;

GRANT EXECUTE ON FUNCTION central.cancellation_log(date) TO scan_station, scan_department;
