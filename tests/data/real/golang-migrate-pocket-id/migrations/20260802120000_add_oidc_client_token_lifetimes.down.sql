ALTER TABLE oidc_clients DROP COLUMN access_token_duration_minutes;
ALTER TABLE oidc_clients DROP COLUMN refresh_token_duration_minutes;
