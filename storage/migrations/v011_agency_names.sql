-- v011: one normal form for agency names (plans.agencies.agency_key): "UBND phường Bến Nghé", "P. Bến Nghé"
-- and "Phường Bến Nghé" are one name; a committee keeps its level ("Ban Chỉ đạo CCHC quận" is its own name).
-- Every norm is recomputed. Rows that now share a form are all kept: the oldest owns the form, each later one
-- gets "<form> #<id>" (never typed, so never matched) and the admin's /agencies lists them to merge by hand.
-- agency_norm() is registered on every connection by storage.db.connect.

UPDATE agencies SET norm = '#' || id;
UPDATE agencies SET norm = agency_norm(name)
 WHERE NOT EXISTS (SELECT 1 FROM agencies AS b WHERE b.id < agencies.id AND agency_norm(b.name) = agency_norm(agencies.name));
UPDATE agencies SET norm = agency_norm(name) || ' #' || id WHERE norm LIKE '#%';

UPDATE agency_aliases SET norm = '#' || id;
UPDATE agency_aliases SET norm = agency_norm(alias)
 WHERE agency_norm(alias) NOT IN (SELECT norm FROM agencies)
   AND NOT EXISTS (SELECT 1 FROM agency_aliases AS b
                    WHERE b.id < agency_aliases.id AND agency_norm(b.alias) = agency_norm(agency_aliases.alias));
UPDATE agency_aliases SET norm = agency_norm(alias) || ' #' || id WHERE norm LIKE '#%';
