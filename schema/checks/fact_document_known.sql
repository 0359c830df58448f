-- Every fact and unclassified mention belongs to a stored document. Neither
-- table has a foreign key to document (migration 0010: the loader writes a
-- document and its rows in one transaction, and deleting a document deletes
-- them, by etl.db.children and by a trigger), so rows written by other means
-- show here: one row per fact or mention whose document_id names no document.
SELECT 'fact' AS row_table, f.id AS row_id, f.document_id
FROM fact f
WHERE NOT EXISTS (SELECT 1 FROM document d WHERE d.id = f.document_id)
UNION ALL
SELECT 'unclassified_mention', m.id, m.document_id
FROM unclassified_mention m
WHERE NOT EXISTS (SELECT 1 FROM document d WHERE d.id = m.document_id)
