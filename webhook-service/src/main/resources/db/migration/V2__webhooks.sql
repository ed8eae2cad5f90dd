-- Tenant webhooks. The signing secret is stored encrypted (AES-GCM, key from ROBOVIS_SECRETS_KEY)
-- and never returned.
CREATE TABLE webhooks (
    id              text PRIMARY KEY,
    tenant_id       text NOT NULL,
    url             text NOT NULL,
    events          text[] NOT NULL,
    secret          bytea,
    active          boolean NOT NULL DEFAULT true,
    disabled_reason text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX webhooks_by_tenant ON webhooks (tenant_id, created_at);
