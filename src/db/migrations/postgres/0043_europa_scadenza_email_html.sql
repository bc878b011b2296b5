-- 0043_europa_scadenza_email_html: the next deadline of a call, stored
-- (issue 14; docs/europa-ammissibilita.md "Measured"), and the HTML
-- alternative of a notification's e-mail (the weekly digest,
-- docs/europa-digest.md; docs/notifiche.md).
--
-- eu_bando.prossima_scadenza: the earliest deadline (UTC seconds) not
-- before the moment the deadlines were last written (an import that
-- changed the call, the desk's create or edit), NULL when none was left
-- then.  Time makes it stale, never wrong in the other direction: a
-- reader that finds it in the past falls back to the MIN over
-- eu_bando_scadenza for that call only (requisiti_sql.c).
ALTER TABLE eu_bando ADD COLUMN prossima_scadenza BIGINT;

UPDATE eu_bando SET prossima_scadenza = (
	SELECT MIN(s.scadenza_at) FROM eu_bando_scadenza s
	WHERE s.bando_id = eu_bando.id
	AND s.scadenza_at >= CAST(EXTRACT(EPOCH FROM now()) AS BIGINT));

-- notifica_email.html: NULL for a text-only e-mail; else the HTML sent
-- beside the text as multipart/alternative (table owner: notifiche).
ALTER TABLE notifica_email ADD COLUMN html TEXT;
