-- Secret rotation: after a new secret is set, the previous one keeps signing (beside the new one)
-- until the grace period ends, so receivers can switch without missing a delivery.
ALTER TABLE webhooks ADD COLUMN previous_secret bytea;
ALTER TABLE webhooks ADD COLUMN previous_secret_until timestamptz;
