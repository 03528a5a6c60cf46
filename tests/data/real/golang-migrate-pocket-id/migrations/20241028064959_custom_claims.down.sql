PRAGMA foreign_keys=OFF;
BEGIN;
DROP TABLE custom_claims;
COMMIT;
PRAGMA foreign_keys=ON;
