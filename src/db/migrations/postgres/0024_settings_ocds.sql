-- 0024_settings_ocds: one more installation setting (issue 12, item 9).
--   ocds.prefisso   the OCDS ocid prefix of this installation: 'ocds-' and
--                   1 to 11 lowercase letters or digits (the prefixes the
--                   Open Contracting Partnership assigns are 'ocds-' and six
--                   of them); no row: 'ocds-areavasta', which is NOT
--                   registered: a real installation registers its own with
--                   the OCDS Data Support Team (docs/ocds.md).
-- Validated by src/modules/settings/settings.c.
--
-- PostgreSQL: the CHECK of 0012 has the default name impostazione_chiave_check.

ALTER TABLE impostazione DROP CONSTRAINT impostazione_chiave_check;
ALTER TABLE impostazione ADD CONSTRAINT impostazione_chiave_check
	CHECK (chiave IN ('patrono', 'proroga_festivi', 'ocds.prefisso'));
