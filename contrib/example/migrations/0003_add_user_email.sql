-- A new column and its backfill: both commit with the rest, or neither does.
ALTER TABLE users ADD COLUMN email TEXT;
UPDATE users SET email = name || '@example.org' WHERE email IS NULL;
CREATE UNIQUE INDEX users_email ON users(email);
