PRAGMA foreign_keys=OFF;
BEGIN;
DROP TABLE kv;

COMMIT;
PRAGMA foreign_keys=ON;
