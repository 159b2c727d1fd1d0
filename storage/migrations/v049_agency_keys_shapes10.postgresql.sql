-- v049 on PostgreSQL: the norms are recomputed in Python (storage.db.recompute_agency_norms, run by
-- storage.db._migrate_postgresql right after this file, in the same transaction), as for v020, v027 and v036.
SELECT 1;
