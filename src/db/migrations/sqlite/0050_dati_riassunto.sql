-- 0050_dati_riassunto: per-group summaries of a generated table of the
-- tabular store (issue 15 item 4; docs/dati-tabelle.md, "Aggregates").
--
-- Written once per ingest by the job dati_riassunto, after the load, from
-- one scan: for every column with at most 256 distinct values (gruppo,
-- its c<pos>; 0 = the whole table) and every value of it (valore, NULL
-- the records with no value), the records (righe), and for every numeric
-- column (misura, its c<pos>; 0 = the count only) the values that are
-- numbers (n), their exact sum (somma, a decimal text scaled as the
-- aggregates keep it) and the least and greatest (minimo, massimo, as
-- stored).  The aggregate route answers an unfiltered question from these
-- rows instead of scanning the table.  Derived data: not copied by
-- `areavasta copy` (copy_derived), rebuilt by the next ingest's job.
CREATE TABLE dati_tabella_riassunto (
	tabella_id	INTEGER NOT NULL REFERENCES dati_tabella (id),
	gruppo		INTEGER NOT NULL CHECK (gruppo BETWEEN 0 AND 512),
	valore		TEXT,
	misura		INTEGER NOT NULL CHECK (misura BETWEEN 0 AND 512),
	righe		INTEGER NOT NULL,
	n		INTEGER NOT NULL,
	somma		TEXT NOT NULL,
	minimo		TEXT,
	massimo		TEXT
) STRICT;

CREATE INDEX dati_tabella_riassunto_gruppo
	ON dati_tabella_riassunto (tabella_id, gruppo, misura);
