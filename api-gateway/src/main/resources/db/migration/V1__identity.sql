-- Identity: tenants (constructors and clients) with their settings, and their users.

CREATE TABLE tenants (
    tenant_id       text PRIMARY KEY CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    type            text NOT NULL CHECK (type IN ('constructor', 'client')),
    name            text NOT NULL,
    timezone        text NOT NULL DEFAULT 'UTC',
    language        text NOT NULL DEFAULT 'en' CHECK (language IN ('fr', 'en')),
    offline_after_s integer NOT NULL DEFAULT 300 CHECK (offline_after_s BETWEEN 30 AND 604800),
    -- null: the platform default (ROBOVIS_OLLAMA_URL / ROBOVIS_OLLAMA_MODEL)
    ollama_url      text,
    ollama_model    text,
    retention_days  integer NOT NULL DEFAULT 365 CHECK (retention_days BETWEEN 1 AND 3650),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Usernames are global: the login names no tenant.
CREATE TABLE users (
    username        text PRIMARY KEY,
    tenant_id       text NOT NULL REFERENCES tenants (tenant_id),
    role            text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer', 'ingest')),
    password_hash   text NOT NULL,
    display_name    text,
    disabled        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_by_tenant ON users (tenant_id);
