PRAGMA foreign_keys=OFF;
BEGIN;
DROP TABLE storage;

COMMIT;
PRAGMA foreign_keys=ON;
