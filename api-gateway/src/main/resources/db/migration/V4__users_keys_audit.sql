-- Issue 8: one-time passwords, session epochs, ingest keys, the audit log and which clients a
-- constructor serves.

-- A password set by an admin must be changed by its owner before anything else.
ALTER TABLE users ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;
-- Raised by each revocation of the user's tokens (disabled, password or role changed); a token
-- carries the epoch it was issued in.
ALTER TABLE users ADD COLUMN session_epoch bigint NOT NULL DEFAULT 0;

-- Long-lived credentials of robots and edge gateways: only the SHA-256 of the secret is kept.
CREATE TABLE ingest_keys (
    key_id      text PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenants (tenant_id),
    name        text NOT NULL,
    key_sha256  text NOT NULL UNIQUE,
    robots      text[] NOT NULL DEFAULT '{}',
    sites       text[] NOT NULL DEFAULT '{}',
    expires_at  timestamptz,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    revoked_by  text
);
CREATE INDEX ingest_keys_by_tenant ON ingest_keys (tenant_id, created_at DESC, key_id DESC);

-- Who did what, when, from where: appended to, never changed (the trigger refuses it).
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text,
    tenant_id   text,
    action      text NOT NULL,
    target      text,
    ip          text,
    request_id  text
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The robots' constructor and client, from robovis.robots.v1: the clients a constructor serves.
CREATE TABLE robot_tenancy (
    robot_id        text PRIMARY KEY,
    constructor_id  text NOT NULL,
    client_id       text
);
CREATE INDEX robot_tenancy_served ON robot_tenancy (constructor_id, client_id);

-- Records to publish (revocations, ingest keys), written in the transaction of the change they
-- describe (transactional outbox, as in the services).
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    topic      text NOT NULL,
    record_key text NOT NULL,
    value      text,  -- JSON; null for a tombstone
    ce_id      text NOT NULL,
    ce_type    text NOT NULL,
    ce_subject text,
    created_at timestamptz NOT NULL DEFAULT now()
);
