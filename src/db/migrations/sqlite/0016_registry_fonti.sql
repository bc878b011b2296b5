-- 0016_registry_fonti.sql - where the registry's data comes from, and as of
-- when: the list of Comuni (ISTAT, and the date of the list when the
-- operator says it: `import istat --data`) and the population (the
-- reference date the ISTAT file's header carries, e.g. "Popolazione legale
-- 2011 (09/10/2011)").  The pages that show Comuni and population say these
-- dates; a date that is not known is NULL, never guessed.
CREATE TABLE registry_fonte (
	dato		TEXT PRIMARY KEY
			CHECK (dato IN ('comuni', 'popolazione')),
	fonte		TEXT NOT NULL CHECK (length(fonte) BETWEEN 1 AND 200),
	data_riferimento TEXT CHECK (data_riferimento IS NULL
			OR length(data_riferimento) = 10),
	updated		INTEGER NOT NULL
) STRICT;
