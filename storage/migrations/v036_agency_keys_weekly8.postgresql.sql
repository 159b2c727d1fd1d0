-- v036 on PostgreSQL: the norms are recomputed in Python (storage.db.recompute_agency_norms, run by
-- storage.db._migrate_postgresql right after this file, in the same transaction), as for v020 and v027.
SELECT 1;
