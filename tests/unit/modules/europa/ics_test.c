/*
 * ics_test.c - the iCalendar writer: TEXT escaping, folding at 75 octets
 * without splitting a UTF-8 character (unfolded back to the original),
 * CRLF, UTC stamps of winter and summer deadlines, one VEVENT per deadline
 * with a stable UID and the stage in the summary.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/europa/ics.h"

/* Undoes RFC 5545 folding: CRLF followed by one space is removed. */
static void
unfold(const char *in, char *out, size_t n)
{
	size_t j = 0;

	for (; *in && j + 1 < n; in++) {
		if (in[0] == '\r' && in[1] == '\n' && in[2] == ' ') {
			in += 2;
			continue;
		}
		out[j++] = *in;
	}
	out[j] = '\0';
}

Test(ics, escape)
{
	struct sbuf sb = SBUF_INIT(1024);

	ics_escape(&sb, "a;b,c\\d\ne\r");
	cr_assert_str_eq(sb.buf, "a\\;b\\,c\\\\d\\ne");
	sbuf_release(&sb);
}

Test(ics, fold_75_octets_utf8)
{
	struct sbuf sb = SBUF_INIT(1 << 16);
	char value[400], back[800];
	const char *p, *line;
	size_t i;

	/* 150 "è" (2 octets each) after "SUMMARY:". */
	for (i = 0; i < 150; i++)
		memcpy(value + 2 * i, "\xc3\xa8", 2);
	value[300] = '\0';
	ics_line(&sb, "SUMMARY", value);
	for (line = sb.buf; *line; line = p + 2) {
		p = strstr(line, "\r\n");
		cr_assert_not_null(p);
		cr_assert_leq((size_t)(p - line), 75);
		/* A line never starts inside a character. */
		cr_assert_neq(
		    (unsigned char)line[line == sb.buf ? 0 : 1] & 0xC0, 0x80);
	}
	unfold(sb.buf, back, sizeof(back));
	cr_assert_eq(strncmp(back, "SUMMARY:", 8), 0);
	cr_assert_eq(strncmp(back + 8, value, strlen(value)), 0);
	cr_assert_str_eq(back + 8 + strlen(value), "\r\n");
	sbuf_release(&sb);
}

Test(ics, calendar_two_stages)
{
	struct sbuf sb = SBUF_INIT(1 << 16);
	struct av_err err = {0};
	/* 01/03/2027 12:00 CET = 11:00Z; 30/06/2027 23:59 CEST = 21:59Z
	   (instants from Python's datetime, not from legal_time). */
	struct ics_event ev[2] = {
	    {7, 1, 1803898800, "Bando, prova", "ID-1", "due_fasi",
	     "Europe/Brussels", "2027-03-01T11:00:00Z"},
	    {7, 2, 1814392740, "Bando, prova", "ID-1", "due_fasi",
	     "Europe/Brussels", NULL},
	};
	char back[1 << 14];

	cr_assert_eq(ics_write(&sb, "Calendario", "https://x.example", ev, 2,
	                       1800000000, &err),
	             AV_OK);
	unfold(sb.buf, back, sizeof(back));
	cr_assert(strncmp(back, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
	cr_assert_not_null(strstr(back, "DTSTAMP:20270115T080000Z\r\n"));
	cr_assert_not_null(
	    strstr(back, "UID:bando-7-fase1-1803898800@areavasta"));
	cr_assert_not_null(strstr(back, "DTSTART:20270301T110000Z\r\n"));
	cr_assert_not_null(strstr(back, "DTSTART:20270630T215900Z\r\n"));
	cr_assert_not_null(
	    strstr(back, "SUMMARY:Scadenza 1ª fase: Bando\\, prova\r\n"));
	cr_assert_not_null(
	    strstr(back, "SUMMARY:Scadenza 2ª fase: Bando\\, prova\r\n"));
	cr_assert_not_null(strstr(back, "01/03/2027 12:00 (ora italiana)"));
	cr_assert_not_null(strstr(back, "30/06/2027 23:59 (ora italiana)"));
	cr_assert_not_null(strstr(back, "Fuso della fonte: Europe/Brussels"));
	cr_assert_not_null(
	    strstr(back, "URL:https://x.example/europa-bando.html?id=7\r\n"));
	cr_assert_str_eq(back + strlen(back) - 15, "END:VCALENDAR\r\n");
	sbuf_release(&sb);
}
