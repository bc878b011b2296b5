-- 0010_documents: uploaded files (docs/internals/uploads.md).
--
-- blob: one row per stored content, named by its SHA-256 (the file is
-- <data dir>/blobs/ab/cd/<sha256>); rows are only added, never changed.
-- document: an upload as a person made it -- the content, the name the
-- client gave (metadata, never a path), who uploaded it and for which
-- ente.  Who may read a document is decided by the object it is attached
-- to (attached_type, attached_id: e.g. 'procedura', '42', set by the module
-- that owns the object); while unattached, only the uploader and users
-- holding a role on the uploader's ente.  Times are Unix seconds (UTC).

CREATE TABLE blob (
	sha256		TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size > 0),
	mime		TEXT NOT NULL,
	created		INTEGER NOT NULL
) STRICT;

CREATE TABLE document (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL REFERENCES blob (sha256),
	nome		TEXT NOT NULL CHECK (length(CAST(nome AS BLOB)) <= 255),
	mime		TEXT NOT NULL,
	size		INTEGER NOT NULL CHECK (size > 0),
	uploaded_by	INTEGER NOT NULL REFERENCES app_user (id),
	ente		TEXT,
	attached_type	TEXT,
	attached_id	TEXT,
	created		INTEGER NOT NULL,
	CHECK ((attached_type IS NULL) = (attached_id IS NULL))
) STRICT;

CREATE INDEX document_uploader ON document (uploaded_by);
CREATE INDEX document_attached ON document (attached_type, attached_id);
