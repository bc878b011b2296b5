/*
 * ics.c - the iCalendar writer of the deadlines of EU calls (see ics.h).
 * Hand-written: writing RFC 5545 is a few rules (escape, fold, CRLF), and
 * the e2e test parses the output with python3-icalendar.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "modules/europa/ics.h"

#define ICS_LINE_OCTETS 75

void
ics_escape(struct sbuf *sb, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '\\':
			sbuf_addstr(sb, "\\\\");
			break;
		case ';':
			sbuf_addstr(sb, "\\;");
			break;
		case ',':
			sbuf_addstr(sb, "\\,");
			break;
		case '\n':
			sbuf_addstr(sb, "\\n");
			break;
		case '\r':
			break;
		default:
			sbuf_addch(sb, *s);
		}
	}
}

/*
 * Folds at 75 octets (RFC 5545 §3.1): a continuation line starts with one
 * space, which counts in its 75.  Never splits a UTF-8 sequence: a cut
 * goes back to the start of the character.
 */
void
ics_line(struct sbuf *sb, const char *name, const char *value)
{
	struct sbuf l = SBUF_INIT(1 << 20);
	size_t pos = 0, room = ICS_LINE_OCTETS;

	sbuf_addstr(&l, name);
	sbuf_addch(&l, ':');
	sbuf_addstr(&l, value);
	while (l.len - pos > room) {
		size_t cut = pos + room;

		while (cut > pos && ((unsigned char)l.buf[cut] & 0xC0) == 0x80)
			cut--;
		sbuf_add(sb, l.buf + pos, cut - pos);
		sbuf_addstr(sb, "\r\n ");
		pos = cut;
		room = ICS_LINE_OCTETS - 1;
	}
	sbuf_add(sb, l.buf + pos, l.len - pos);
	sbuf_addstr(sb, "\r\n");
	sbuf_release(&l);
}

/* "20270115T160000Z" of a UTC instant (days_from_civil's inverse). */
static void
utc_stamp(int64_t t, char out[32])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t s = t - days * 86400;
	struct lt_date d = lt_date_from_days(days);

	snprintf(out, 32, "%04d%02d%02dT%02d%02d%02dZ", d.year, d.month, d.day,
	         (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

static int
write_event(struct sbuf *sb, const char *origin, const struct ics_event *e,
            const char *stamp, struct av_err *err)
{
	struct sbuf v = SBUF_INIT(64 * 1024);
	char at[32], local[LT_DATETIME_LEN], uid[96];

	if (lt_format_local(e->at, local, err) != AV_OK)
		return err->code;
	utc_stamp(e->at, at);
	snprintf(uid, sizeof(uid), "bando-%lld-fase%d-%lld@areavasta",
	         (long long)e->bando_id, e->fase, (long long)e->at);
	sbuf_addstr(sb, "BEGIN:VEVENT\r\n");
	ics_line(sb, "UID", uid);
	ics_line(sb, "DTSTAMP", stamp);
	ics_line(sb, "DTSTART", at);
	if (strcmp(e->modello != NULL ? e->modello : "", "due_fasi") == 0)
		sbuf_addstr(&v, e->fase == 2 ? "Scadenza 2ª fase: "
		                             : "Scadenza 1ª fase: ");
	else
		sbuf_addstr(&v, "Scadenza: ");
	ics_escape(&v, e->titolo);
	ics_line(sb, "SUMMARY", v.buf);
	sbuf_reset(&v);
	if (e->ident != NULL && e->ident[0]) {
		sbuf_addstr(&v, "Bando ");
		ics_escape(&v, e->ident);
		sbuf_addstr(&v, "\\n");
	}
	sbuf_addf(&v, "Scadenza: %s (ora italiana)", local);
	sbuf_addstr(&v, "\\nFuso della fonte: ");
	ics_escape(&v, e->fuso != NULL ? e->fuso : "Europe/Rome");
	if (e->originale != NULL && e->originale[0]) {
		sbuf_addstr(&v, "\\nTesto della fonte: ");
		ics_escape(&v, e->originale);
	}
	ics_line(sb, "DESCRIPTION", v.buf);
	sbuf_reset(&v);
	ics_escape(&v, origin);
	sbuf_addf(&v, "/europa-bando.html?id=%lld", (long long)e->bando_id);
	ics_line(sb, "URL", v.buf);
	ics_line(sb, "TRANSP", "TRANSPARENT");
	sbuf_addstr(sb, "END:VEVENT\r\n");
	sbuf_release(&v);
	return AV_OK;
}

int
ics_write(struct sbuf *sb, const char *name, const char *origin,
          const struct ics_event *ev, size_t n, int64_t now, struct av_err *err)
{
	struct sbuf v = SBUF_INIT(4096);
	char stamp[32];
	size_t i;

	utc_stamp(now, stamp);
	sbuf_addstr(sb, "BEGIN:VCALENDAR\r\n");
	ics_line(sb, "VERSION", "2.0");
	ics_line(sb, "PRODID", "-//areavasta//Servizio Europa//IT");
	ics_line(sb, "CALSCALE", "GREGORIAN");
	ics_line(sb, "METHOD", "PUBLISH");
	ics_escape(&v, name);
	ics_line(sb, "X-WR-CALNAME", v.buf);
	sbuf_release(&v);
	for (i = 0; i < n; i++)
		if (write_event(sb, origin, &ev[i], stamp, err) != AV_OK)
			return err->code;
	sbuf_addstr(sb, "END:VCALENDAR\r\n");
	return AV_OK;
}
