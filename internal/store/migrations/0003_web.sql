-- The dashboard: the people who sign in, the workspaces each may see,
-- their sessions, and each workspace's report settings.

CREATE TABLE users (
	id            {{pk}},
	email         TEXT    NOT NULL UNIQUE, -- lower case
	password_hash TEXT    NOT NULL,
	created_at    BIGINT  NOT NULL
);

CREATE TABLE user_workspaces (
	user_id      BIGINT  NOT NULL REFERENCES users(id),
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	PRIMARY KEY (user_id, workspace_id)
);

-- A session's id is the SHA-256 of the cookie's token: a copy of this
-- table signs nobody in.
CREATE TABLE sessions (
	id           TEXT    PRIMARY KEY,
	user_id      BIGINT  NOT NULL REFERENCES users(id),
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	csrf         TEXT    NOT NULL,
	created_at   BIGINT  NOT NULL,
	expires_at   BIGINT  NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, keyed by a hash of the e-mail or of the client IP, so
-- that every server node sees the same count.
CREATE TABLE login_attempts (
	id  {{pk}},
	key TEXT    NOT NULL,
	at  BIGINT  NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, at);

-- A file uploaded for an import preview, kept until it is imported or an
-- hour has passed; the id is the SHA-256 of the token in the form.
CREATE TABLE uploads (
	id           TEXT    PRIMARY KEY,
	session_id   TEXT    NOT NULL,
	workspace_id BIGINT  NOT NULL REFERENCES workspaces(id),
	kind         TEXT    NOT NULL,
	file         TEXT    NOT NULL,
	data         BLOB    NOT NULL,
	created_at   BIGINT  NOT NULL
);

ALTER TABLE workspaces ADD COLUMN attribution_model TEXT NOT NULL DEFAULT 'last-touch';
ALTER TABLE workspaces ADD COLUMN attribution_window TEXT NOT NULL DEFAULT '30d';
