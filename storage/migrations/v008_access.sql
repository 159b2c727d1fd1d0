-- v008: where an admin's role came from. 'config': NHACVIEC_ADMIN_IDS made them admin, and an id taken out
-- of it stops being admin at the next start; NULL: given in chat or on the command line (an invite), kept.
-- Admins made before this version who never used an admin invite came from the configuration.

ALTER TABLE users ADD COLUMN role_source TEXT CHECK (role_source IN ('config'));

UPDATE users SET role_source = 'config'
WHERE role = 'admin'
  AND id NOT IN (SELECT used_by FROM invites WHERE role = 'admin' AND used_by IS NOT NULL);
