-- 0054_europa_generazione: a version number of the open calls, for the
-- decoded snapshot the one-Comune list reuses (issue 14: one Comune's list
-- over 2,000 calls in <= 5 ms; src/modules/europa/aperti.c).
--
-- eu_generazione.gen changes in the same transaction as any change to a
-- call, its deadlines or its requisiti (the triggers below), whoever makes
-- it: this process, a CLI import, another node on PostgreSQL.  A request
-- reads the one row and reuses the snapshot while gen is the one it was
-- built under.  The seed is random so that two databases opened by one
-- process (tests) never share a number.  Derived: `areavasta copy` does
-- not copy it (the target has its own).
CREATE TABLE eu_generazione (
	id	INTEGER PRIMARY KEY CHECK (id = 1),
	gen	INTEGER NOT NULL
) STRICT;

INSERT INTO eu_generazione (id, gen) VALUES (1, abs(random() / 4));

CREATE TRIGGER eu_bando_gen_i AFTER INSERT ON eu_bando
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_gen_u AFTER UPDATE ON eu_bando
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_gen_d AFTER DELETE ON eu_bando
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_scadenza_gen_i AFTER INSERT ON eu_bando_scadenza
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_scadenza_gen_u AFTER UPDATE ON eu_bando_scadenza
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_scadenza_gen_d AFTER DELETE ON eu_bando_scadenza
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_requisiti_gen_i AFTER INSERT ON eu_bando_requisiti
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_requisiti_gen_u AFTER UPDATE ON eu_bando_requisiti
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
CREATE TRIGGER eu_bando_requisiti_gen_d AFTER DELETE ON eu_bando_requisiti
BEGIN UPDATE eu_generazione SET gen = gen + 1 WHERE id = 1; END;
