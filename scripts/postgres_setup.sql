-- The notes' PostgreSQL setup for local development, idempotent.
-- Apply with `make db-postgres` (psql as a superuser). Development credentials only:
-- production uses its own secret password through DATABASE_URL.
SELECT 'CREATE ROLE ecommerce_user LOGIN PASSWORD ''ecommerce_pass'' CREATEDB'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ecommerce_user')\gexec
ALTER ROLE ecommerce_user CREATEDB;

SELECT 'CREATE DATABASE ecommerce_db OWNER ecommerce_user ENCODING ''UTF8'''
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'ecommerce_db')\gexec

GRANT ALL PRIVILEGES ON DATABASE ecommerce_db TO ecommerce_user;

\connect ecommerce_db
GRANT ALL ON SCHEMA public TO ecommerce_user;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO ecommerce_user;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO ecommerce_user;
-- Catalogue search: trigrams and accent-free text (productos migrations 0003/0004 create them too,
-- as trusted extensions; harmless if already there).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
