-- v049: plans.agencies.agency_key reads a district shortened after a name as the district («VP UBND Q.1», «Công an
-- Q1» are «Văn phòng UBND quận 1», «Công an quận 1»), so norms stored before it are recomputed as v036 did: the
-- oldest row owns a form, each later one sharing it gets "<form> #<id>" and the admin's /agencies lists them.
-- Re-runnable: it computes every norm from the names again. agency_norm() is registered by storage.db.connect.

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
