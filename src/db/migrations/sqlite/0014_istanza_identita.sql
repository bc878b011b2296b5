-- 0014_istanza_identita: the identity of the installation shown by the
-- AgID page pattern (issue 10, item 5): the owning administration, its
-- parent (Region) in the slim header, the primary colour, contacts,
-- codice fiscale and the legal links of the footer.  One row per key; a
-- missing row means the default derived from the instance's Province
-- (src/modules/istanza/istanza.c, docs/istanza.md).  updated is the UTC
-- instant (seconds) of the last change; every change is also in the audit
-- log (action istanza.set).  The crest (key stemma) is a data: URI of a
-- PNG or SVG image, base64, at most 48 KiB of image; every other value
-- at most 512 bytes.

CREATE TABLE istanza_identita (
	chiave		TEXT PRIMARY KEY
			CHECK (chiave IN ('ente', 'ente_padre',
			                  'ente_padre_url', 'colore',
			                  'indirizzo', 'telefono', 'email',
			                  'pec', 'codice_fiscale',
			                  'accessibilita_url', 'privacy_url',
			                  'note_legali_url', 'stemma')),
	valore		TEXT NOT NULL CHECK (length(valore) >= 1 AND
			     length(valore) <= CASE WHEN chiave = 'stemma'
			                       THEN 70000 ELSE 512 END),
	updated		INTEGER NOT NULL
) STRICT;
