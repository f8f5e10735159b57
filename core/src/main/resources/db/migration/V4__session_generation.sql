-- Loadline schema, version 4: a user's session generation.
-- Every session token carries the generation its user had when it was signed; changing or
-- resetting the password, or disabling the user, adds one, so every token signed before is
-- refused from then on (a logout revokes one token; this ends them all).
ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
