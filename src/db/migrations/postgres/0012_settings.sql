-- 0012_settings: settings of this installation that the law leaves to the
-- place (issue 8, item 11: legal time).  One row per key; a missing row
-- means the default.  Keys and values are validated by
-- src/modules/settings/settings.c and documented in docs/internals/time.md:
--   patrono          'gg/mm', the patron saint's day of the capital (a
--                    local holiday); no row: none
--   proroga_festivi  'si' | 'no', a term whose last day is a holiday,
--                    Saturday or Sunday ends on the next working day
--                    (Reg. 1182/71 art. 3 c.4; LAW.md 6.1); no row: 'si'
-- updated is the UTC instant (seconds) of the last change; every change is
-- also in the audit log (action impostazioni.set).
--
-- PostgreSQL: INTEGER is BIGINT, no STRICT.

CREATE TABLE impostazione (
	chiave		TEXT PRIMARY KEY
			CHECK (chiave IN ('patrono', 'proroga_festivi')),
	valore		TEXT NOT NULL CHECK (length(valore) BETWEEN 1 AND 16),
	updated		BIGINT NOT NULL
);
