-- 0022_sua_documenti: which documents belong to which SUA object (issue 12).
--
-- A file is stored by the documents module (blob + document row, with
-- attached_type 'sua_richiesta' / 'sua_gara' and attached_id, which decide
-- who may read it).  This table is the SUA's side of the link: the object
-- it belongs to, its role (a request's 'allegato'; a tender's 'bando',
-- 'disciplinare', 'capitolato', 'altro') and the metadata a list shows,
-- copied at upload (a document never changes), so the SUA lists its
-- documents without reading the documents module's tables.

CREATE TABLE sua_documento (
	id		INTEGER PRIMARY KEY,
	documento_id	INTEGER NOT NULL UNIQUE,
	oggetto		TEXT NOT NULL CHECK (oggetto IN ('richiesta', 'gara')),
	oggetto_id	INTEGER NOT NULL,
	tipo		TEXT NOT NULL CHECK (tipo IN ('allegato', 'bando',
			    'disciplinare', 'capitolato', 'altro')),
	nome		TEXT NOT NULL,
	mime		TEXT NOT NULL,
	size		INTEGER NOT NULL CHECK (size >= 0),
	sha256		TEXT NOT NULL,
	provincia	TEXT NOT NULL CHECK (length(provincia) = 3),
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE INDEX sua_documento_oggetto ON sua_documento (oggetto, oggetto_id, id);
