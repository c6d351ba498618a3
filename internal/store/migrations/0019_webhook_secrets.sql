-- Webhook signing secrets, one per workspace and provider, set with
-- `lift webhook secret set` or on the dashboard's settings page, so that
-- every node of one database verifies with the same secret. secret is
-- "plain:…", or "sealed:…" (AES-GCM under a key derived from the master
-- secret, LIFT_SECRET) when the process that set it had one.
CREATE TABLE webhook_secrets (
	workspace_id BIGINT NOT NULL REFERENCES workspaces(id),
	provider     TEXT   NOT NULL,
	secret       TEXT   NOT NULL,
	set_at       BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, provider)
);
