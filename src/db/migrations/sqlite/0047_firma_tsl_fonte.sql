-- 0047_firma_tsl_fonte: where the trusted list comes from when the
-- administrator sets an address instead of loading a file (issue 18,
-- docs/firma.md "The trusted list"): the URL, the certificate whose key
-- must have signed the list (PEM), how often the refresh job runs
-- (ogni_ore, 0 = only by hand), and the outcome of the last attempt.  One
-- row for the installation.

CREATE TABLE firma_tsl_fonte (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	url		TEXT NOT NULL,
	certificato	TEXT NOT NULL,
	ogni_ore	INTEGER NOT NULL CHECK (ogni_ore >= 0 AND ogni_ore <= 720),
	impostato_at	INTEGER NOT NULL,
	impostato_da	INTEGER REFERENCES app_user (id),
	ultimo_at	INTEGER,
	ultimo_esito	TEXT
) STRICT;
