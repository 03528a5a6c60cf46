-- +goose Up
-- Ensure OIDC subject is unique across users while allowing NULL values (SQLite >= 3.8 supports partial indexes)
CREATE UNIQUE INDEX IF NOT EXISTS idx_users_oidc_subject_id_unique
ON users(oidc_subject_id)
WHERE oidc_subject_id IS NOT NULL;

-- +goose Down
DROP INDEX IF EXISTS idx_users_oidc_subject_id_unique;
