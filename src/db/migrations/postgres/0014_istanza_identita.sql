-- 0014_istanza_identita: the identity of the installation shown by the
-- AgID page pattern (issue 10, item 5): the owning administration, its
-- parent (Region) in the slim header, the primary colour, contacts,
-- codice fiscale and the legal links of the footer.  One row per key; a
-- missing row means the default derived from the instance's Province
-- (src/modules/istanza/istanza.c, docs/istanza.md).  updated is the UTC
-- instant (seconds) of the last change; every change is also in the audit
-- log (action istanza.set).
--
-- PostgreSQL: INTEGER is BIGINT, no STRICT.

CREATE TABLE istanza_identita (
	chiave		TEXT PRIMARY KEY
			CHECK (chiave IN ('ente', 'ente_padre',
			                  'ente_padre_url', 'colore',
			                  'indirizzo', 'telefono', 'email',
			                  'pec', 'codice_fiscale',
			                  'accessibilita_url', 'privacy_url',
			                  'note_legali_url')),
	valore		TEXT NOT NULL CHECK (length(valore) BETWEEN 1 AND 512),
	updated		BIGINT NOT NULL
);
