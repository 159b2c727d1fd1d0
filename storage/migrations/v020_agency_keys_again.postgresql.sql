-- v020 on PostgreSQL: the norms are recomputed in Python (storage.db.recompute_agency_norms, run by
-- storage.db._migrate_postgresql right after this file, in the same transaction): PostgreSQL has no
-- agency_norm() function, and the normal form is Python's (plans.agencies.agency_key).
SELECT 1;
