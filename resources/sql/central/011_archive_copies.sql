-- Archive copies (issue #19): a grey or colour page goes to the central store as its verified JPEG 2000
-- copy instead of the ~5 MB lossless PNG. The row keeps the SHA-256 and size of the page as scanned (what
-- the station's received event seals); the copy's own SHA-256 is sealed by the station's "archived"
-- event together with its measured OCR word agreement (>= 99 %, checked here too). content stays NULL
-- (reference 'archive-copy'); black-and-white pages keep their lossless G4 bytes in content as before.
ALTER TABLE central.pages
    ADD COLUMN archive bytea,
    ADD COLUMN archive_sha256 text CHECK (archive_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN archive_media_type text,
    ADD COLUMN archive_word_agreement real CHECK (archive_word_agreement IS NULL OR archive_word_agreement >= 0.99),
    ADD CONSTRAINT pages_archive_complete CHECK ((archive IS NULL) = (archive_sha256 IS NULL)
        AND (archive IS NULL OR archive_word_agreement IS NOT NULL));
