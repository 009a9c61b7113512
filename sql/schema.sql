-- The PostgreSQL read model of budgetd's log, as budget-pgsync keeps it.
-- The migrations in migrations/ are the schema; budget-pgsync --migrate
-- applies the missing ones into its schema (default "budget") and records
-- them in schema_migrations. To read the whole schema at once, or to create
-- it by hand:
--   psql -v ON_ERROR_STOP=1 -c 'CREATE SCHEMA budget' -c 'SET search_path TO budget' -f sql/schema.sql
\ir migrations/0001_initial.sql
