-- Which constructor created a client tenant (POST /v1/tenants); null for the bootstrap tenant, the
-- demo's and tenants created before.
ALTER TABLE tenants ADD COLUMN created_by text REFERENCES tenants (tenant_id);
CREATE INDEX tenants_created_by ON tenants (created_by);
