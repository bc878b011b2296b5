/*
 * ics.h - the deadlines of EU calls as an iCalendar file (RFC 5545) for
 * calendar apps: one VEVENT per deadline, times in UTC ("Z"), text
 * escaped, lines folded at 75 octets, CRLF.  Pure: the caller reads the
 * rows (docs/europa-digest.md says why UTC and how UIDs are made).
 */
#ifndef AV_EUROPA_ICS_H
#define AV_EUROPA_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct sbuf;

/* One deadline of one call. */
struct ics_event {
	int64_t bando_id;
	int fase;              /* 1, or 2 for a two-stage call's second */
	int64_t at;            /* UTC seconds */
	const char *titolo;    /* the call's title */
	const char *ident;     /* its identifier, or NULL */
	const char *modello;   /* unica, due_fasi, cut_off_multipli */
	const char *fuso;      /* the source's zone: Europe/Brussels, UTC... */
	const char *originale; /* the source's text of the deadline, or NULL */
};

/*
 * Appends the whole calendar (VCALENDAR with the events) to sb: name is
 * the calendar's name (X-WR-CALNAME), origin the site's address for the
 * links ("https://host"), now the DTSTAMP.  Fails (AV_EINVAL) only for an
 * instant outside the legal-time range; sb's own cap is the caller's.
 */
int ics_write(struct sbuf *sb, const char *name, const char *origin,
              const struct ics_event *ev, size_t n, int64_t now,
              struct av_err *err);

/* Appends one content line "NAME:VALUE" folded at 75 octets, with CRLF
   (value already escaped). */
void ics_line(struct sbuf *sb, const char *name, const char *value);

/* Appends text escaped as an iCalendar TEXT value (\\ \; \, \n). */
void ics_escape(struct sbuf *sb, const char *s);

#endif
