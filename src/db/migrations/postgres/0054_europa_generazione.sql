-- 0054_europa_generazione: a version number of the open calls, for the
-- decoded snapshot the one-Comune list reuses (issue 14: one Comune's list
-- over 2,000 calls in <= 5 ms; src/modules/europa/aperti.c).
--
-- eu_generazione.gen changes in the same transaction as any change to a
-- call, its deadlines or its requisiti (the triggers below), whoever makes
-- it: this process, a CLI import, another node.  A request reads the one
-- row and reuses the snapshot while gen is the one it was built under.
-- The seed is random so that two databases opened by one process (tests)
-- never share a number.  Derived: `areavasta copy` does not copy it (the
-- target has its own).  PostgreSQL: one statement-level trigger per table.
CREATE TABLE eu_generazione (
	id	BIGINT PRIMARY KEY CHECK (id = 1),
	gen	BIGINT NOT NULL
);

INSERT INTO eu_generazione (id, gen)
	VALUES (1, CAST(floor(random() * 1e15) AS BIGINT));

CREATE FUNCTION eu_generazione_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1;
	RETURN NULL;
END
$$;

CREATE TRIGGER eu_bando_gen AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
	ON eu_bando FOR EACH STATEMENT EXECUTE FUNCTION eu_generazione_bump();
CREATE TRIGGER eu_bando_scadenza_gen AFTER INSERT OR UPDATE OR DELETE
	OR TRUNCATE ON eu_bando_scadenza
	FOR EACH STATEMENT EXECUTE FUNCTION eu_generazione_bump();
CREATE TRIGGER eu_bando_requisiti_gen AFTER INSERT OR UPDATE OR DELETE
	OR TRUNCATE ON eu_bando_requisiti
	FOR EACH STATEMENT EXECUTE FUNCTION eu_generazione_bump();
