PRAGMA foreign_keys=OFF;
BEGIN;

DROP TABLE email_verification_tokens;

COMMIT;
PRAGMA foreign_keys=ON;