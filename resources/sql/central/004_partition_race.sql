-- Twenty desks sending the first documents of a new month at once: the advisory lock serialises
-- them, but the loser's catalog snapshot may not show the winner's new partition yet, so its
-- CREATE TABLE can still fail with duplicate_table. That only means the partition is there.
CREATE OR REPLACE FUNCTION central.ensure_document_partition(ts timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    first_day timestamptz := date_trunc('month', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    part text := format('documents_%s', to_char(ts AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
    IF to_regclass('central.' || part) IS NOT NULL THEN
        RETURN part;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('central.documents partitions'));
    IF to_regclass('central.' || part) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE TABLE central.%I PARTITION OF central.documents FOR VALUES FROM (%L) TO (%L)',
                           part, first_day, first_day + interval '1 month');
        EXCEPTION WHEN duplicate_table THEN
            NULL;  -- made by a desk that held the lock just before us
        END;
    END IF;
    RETURN part;
END $$;
