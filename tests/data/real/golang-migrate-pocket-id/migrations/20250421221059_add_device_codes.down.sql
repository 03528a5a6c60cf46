PRAGMA foreign_keys=OFF;
BEGIN;
DROP TABLE oidc_device_codes;
COMMIT;
PRAGMA foreign_keys=ON;
