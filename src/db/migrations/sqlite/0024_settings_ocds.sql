-- 0024_settings_ocds: one more installation setting (issue 12, item 9).
--   ocds.prefisso   the OCDS ocid prefix of this installation: 'ocds-' and
--                   1 to 11 lowercase letters or digits (the prefixes the
--                   Open Contracting Partnership assigns are 'ocds-' and six
--                   of them); no row: 'ocds-areavasta', which is NOT
--                   registered: a real installation registers its own with
--                   the OCDS Data Support Team (docs/ocds.md).
-- Validated by src/modules/settings/settings.c.  SQLite cannot change a
-- CHECK constraint, so the table is rebuilt with its rows.

CREATE TABLE impostazione_0024 (
	chiave		TEXT PRIMARY KEY
			CHECK (chiave IN ('patrono', 'proroga_festivi',
			    'ocds.prefisso')),
	valore		TEXT NOT NULL CHECK (length(valore) BETWEEN 1 AND 16),
	updated		INTEGER NOT NULL
) STRICT;

INSERT INTO impostazione_0024 (chiave, valore, updated)
	SELECT chiave, valore, updated FROM impostazione;
DROP TABLE impostazione;
ALTER TABLE impostazione_0024 RENAME TO impostazione;
