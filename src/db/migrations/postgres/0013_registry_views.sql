-- 0013_registry_views.sql - what the registry publishes in SQL for the
-- modules that select by Province inside one statement (identity's
-- administrators' scope, the audit browser's scope): the Province of each
-- comune, suppressed ones included.  Other modules read this view, never
-- the registry's tables (docs/internals/layers.md); the registry may change
-- its tables as long as the view keeps its columns.  A plain view over one
-- table, so SQLite flattens it and the lookups keep using the indexes of
-- comune.
--
-- PostgreSQL: same views (PostgreSQL does not flatten views the
-- way SQLite does, but inlines a simple view into the query, so the lookups
-- still use the indexes of comune).
CREATE VIEW registry_comune_provincia (codice_istat, provincia) AS
	SELECT codice_istat, provincia FROM comune;

-- The Province each ente code of a unit ('provincia:024') or of a comune
-- ('comune:024116') belongs to, for statements that select a set of enti
-- by Province (ente IN (SELECT ente ... WHERE provincia ...)).
CREATE VIEW registry_ente_provincia (ente, provincia) AS
	SELECT 'provincia:' || codice, codice FROM provincia
	UNION ALL
	SELECT 'comune:' || codice_istat, provincia FROM comune;
