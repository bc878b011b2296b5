/*
 * smtp_test.c - the e-mail copy of a notification as built by
 * src/modules/notifiche/smtp.c: the headers a mail client reads (Date in
 * Europe/Rome with its offset, From, To, Subject as RFC 2047 encoded-words
 * of at most 75 characters cut between characters, Message-ID), and the
 * body decoded with libsodium's base64 (not the encoder's own code); the
 * retry schedule.  The settings and the sending: tests/http/notifiche.
 */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/notifiche/notifiche.h"

/* 2026-12-03 08:40:05 UTC = 09:40:05 in Rome (CET, Thursday). */
#define T_WINTER INT64_C(1796287205)
/* 2026-07-01 10:00:00 UTC = 12:00 in Rome (CEST, Wednesday). */
#define T_SUMMER INT64_C(1782900000)

static const char *
header(const char *msg, const char *name, char *out, size_t n)
{
	const char *p = strstr(msg, name), *e;

	cr_assert(p != NULL, "no %s in:\n%s", name, msg);
	p += strlen(name);
	e = strstr(p, "\r\n");
	/* Folded lines belong to the header. */
	while (e != NULL && e[2] == ' ')
		e = strstr(e + 2, "\r\n");
	cr_assert(e != NULL && (size_t)(e - p) < n);
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return out;
}

/* The decoded text of "=?UTF-8?B?...?=" words, folds removed. */
static void
decode_words(const char *v, char *out, size_t n)
{
	size_t o = 0, len;
	const char *p = v;

	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		const char *end = strstr(p + 10, "?=");
		char b64[128];

		cr_assert(end != NULL && end - p <= 75 - 2 + 2);
		cr_assert_leq(end + 2 - p, 75, "encoded-word longer than 75");
		memcpy(b64, p + 10, (size_t)(end - p - 10));
		b64[end - p - 10] = '\0';
		cr_assert_eq(sodium_base642bin((unsigned char *)out + o, n - o,
		                               b64, strlen(b64), NULL, &len,
		                               NULL,
		                               sodium_base64_VARIANT_ORIGINAL),
		             0);
		o += len;
		p = end + 2;
	}
	out[o] = '\0';
}

Test(smtp, message_headers_and_body)
{
	struct sbuf m = SBUF_INIT(65536);
	const char *subj = "Esclusione dalla gara – lotto n. 2: è richiesta "
	                   "un’integrazione entro cinque giorni lavorativi";
	char h[2048], dec[2048], b64[65536], body[65536];
	const char *p;
	size_t blen = 0, bl;

	smtp_message(&m, "sua@provincia.vicenza.it", "op@example.org", subj,
	             "Riga uno\nRiga due: più €", "/gare/7", T_WINTER, 42);
	cr_assert_eq(sbuf_err(&m), 0);
	cr_assert_str_eq(header(m.buf, "Date: ", h, sizeof(h)),
	                 "Thu, 03 Dec 2026 09:40:05 +0100");
	cr_assert_str_eq(header(m.buf, "From: ", h, sizeof(h)),
	                 "<sua@provincia.vicenza.it>");
	cr_assert_str_eq(header(m.buf, "To: ", h, sizeof(h)),
	                 "<op@example.org>");
	cr_assert_str_eq(header(m.buf, "Message-ID: ", h, sizeof(h)),
	                 "<notifica-42@provincia.vicenza.it>");
	header(m.buf, "Subject: ", h, sizeof(h));
	cr_assert(strstr(h, "\r\n ") != NULL, "a long subject is folded");
	decode_words(h, dec, sizeof(dec));
	cr_assert_str_eq(dec, subj);
	cr_assert(strstr(m.buf, "Content-Type: text/plain; charset=UTF-8\r\n"));
	cr_assert(strstr(m.buf, "Content-Transfer-Encoding: base64\r\n"));
	/* The body: base64 lines of at most 76 characters. */
	p = strstr(m.buf, "\r\n\r\n") + 4;
	while (*p) {
		const char *e = strstr(p, "\r\n");

		cr_assert(e != NULL);
		cr_assert_leq(e - p, 76);
		memcpy(b64 + blen, p, (size_t)(e - p));
		blen += (size_t)(e - p);
		p = e + 2;
	}
	b64[blen] = '\0';
	cr_assert_eq(sodium_base642bin((unsigned char *)body, sizeof(body) - 1,
	                               b64, blen, NULL, &bl, NULL,
	                               sodium_base64_VARIANT_ORIGINAL),
	             0);
	body[bl] = '\0';
	cr_assert(
	    strstr(body, "Riga uno\r\nRiga due: più €\r\n\r\n/gare/7\r\n"),
	    "%s", body);
	sbuf_release(&m);
}

Test(smtp, ascii_subject_and_summer_time)
{
	struct sbuf m = SBUF_INIT(65536);
	char h[512];

	smtp_message(&m, "a@b.it", "c@d.it", "Ammissione", "x", NULL, T_SUMMER,
	             1);
	cr_assert_str_eq(header(m.buf, "Subject: ", h, sizeof(h)),
	                 "Ammissione");
	cr_assert_str_eq(header(m.buf, "Date: ", h, sizeof(h)),
	                 "Wed, 01 Jul 2026 12:00:00 +0200");
	sbuf_release(&m);
}

Test(smtp, backoff_doubles)
{
	cr_assert_eq(notifiche_backoff(1), 2);
	cr_assert_eq(notifiche_backoff(2), 4);
	cr_assert_eq(notifiche_backoff(5), 32);
	cr_assert_eq(notifiche_backoff(0), 2);
	cr_assert_eq(notifiche_backoff(1000), INT64_C(2) << 15);
}

Test(smtp, loopback_hosts)
{
	cr_assert(smtp_loopback("smtp://127.0.0.1:2525"));
	cr_assert(smtp_loopback("smtp://localhost"));
	cr_assert(smtp_loopback("smtp://[::1]:25"));
	cr_assert(!smtp_loopback("smtp://127.0.0.10:25"));
	cr_assert(!smtp_loopback("smtp://localhost.example.org:25"));
	cr_assert(!smtp_loopback("smtps://relay.provincia.it:465"));
	cr_assert(!smtp_loopback("nonsense"));
}
