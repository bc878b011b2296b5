/*
 * smtp.c - an e-mail copy of a notification: the message (RFC 5322 with
 * MIME, the subject as RFC 2047 encoded-words, the body in base64 so that
 * no line length or 8-bit rule of a relay can alter it) and one SMTP
 * transaction with libcurl (smtp:// with STARTTLS when offered, smtps://
 * with TLS from the start; certificates verified).  Nothing here touches
 * the database: email.c decides when and records the outcome.
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "core/file.h"
#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "modules/notifiche/notifiche.h"

static int
ascii_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static void
add_base64(struct sbuf *out, const void *p, size_t n)
{
	char b64[128];

	while (n > 0) {
		size_t k = n > 57 ? 57 : n; /* 57 bytes: a 76-character line */

		sodium_bin2base64(b64, sizeof(b64), p, k,
		                  sodium_base64_VARIANT_ORIGINAL);
		sbuf_addstr(out, b64);
		sbuf_addstr(out, "\r\n");
		p = (const char *)p + k;
		n -= k;
	}
}

/*
 * Subject: ASCII as it is, else encoded-words of at most 45 bytes of
 * text each (60 base64 characters, 72 with the markers), cut between
 * characters, on folded lines.
 */
static void
add_subject(struct sbuf *out, const char *s)
{
	size_t len = strlen(s), i = 0, k;
	char b64[128];

	sbuf_addstr(out, "Subject: ");
	if (ascii_printable(s) && len <= 900) {
		sbuf_addstr(out, s);
		sbuf_addstr(out, "\r\n");
		return;
	}
	while (i < len) {
		k = utf8_cut(s + i, 45);
		if (k == 0)
			k = 1;
		sodium_bin2base64(b64, sizeof(b64),
		                  (const unsigned char *)s + i, k,
		                  sodium_base64_VARIANT_ORIGINAL);
		sbuf_addf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", b64);
		i += k;
	}
	sbuf_addstr(out, "\r\n");
}

/* "Thu, 03 Dec 2026 09:40:00 +0100" in Europe/Rome. */
static void
add_date(struct sbuf *out, int64_t t)
{
	static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu",
	                                 "Fri", "Sat", "Sun"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr",
	                                 "May", "Jun", "Jul", "Aug",
	                                 "Sep", "Oct", "Nov", "Dec"};
	struct lt_local l;
	struct av_err e = AV_ERR_INIT;
	int w;

	if (lt_to_local(t, &l, &e) != AV_OK)
		return;
	w = lt_weekday(lt_days(l.date));
	sbuf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +%02d00\r\n",
	          wd[(w - 1) % 7], l.date.day, mo[l.date.month - 1],
	          l.date.year, l.hour, l.minute, l.second, l.offset_s / 3600);
}

void
smtp_message(struct sbuf *out, const char *from, const char *to,
             const char *oggetto, const char *testo, const char *link,
             int64_t date, int64_t email_id)
{
	const char *domain = strchr(from, '@');
	struct sbuf body =
	    SBUF_INIT(NOTIFICA_TESTO_MAX + NOTIFICA_LINK_MAX + 256);
	const char *p;

	add_date(out, date);
	sbuf_addf(out, "From: <%s>\r\n", from);
	sbuf_addf(out, "To: <%s>\r\n", to);
	add_subject(out, oggetto);
	sbuf_addf(out, "Message-ID: <notifica-%lld@%s>\r\n",
	          (long long)email_id,
	          domain != NULL ? domain + 1 : "areavasta");
	sbuf_addstr(out, "MIME-Version: 1.0\r\n"
	                 "Content-Type: text/plain; charset=UTF-8\r\n"
	                 "Content-Transfer-Encoding: base64\r\n"
	                 "Auto-Submitted: auto-generated\r\n\r\n");
	/* The text with CRLF line ends, as text/plain wants. */
	for (p = testo; *p; p++) {
		if (*p == '\n' && (p == testo || p[-1] != '\r'))
			sbuf_addch(&body, '\r');
		sbuf_addch(&body, *p);
	}
	if (link != NULL && link[0] != '\0')
		sbuf_addf(&body, "\r\n\r\n%s", link);
	sbuf_addstr(&body, "\r\n\r\n-- \r\nMessaggio inviato automaticamente "
	                   "dalla piattaforma areavasta.\r\n");
	add_base64(out, body.buf, body.len);
	sbuf_release(&body);
}

int
smtp_loopback(const char *url)
{
	const char *host = strstr(url, "://");
	size_t len;

	if (host == NULL)
		return 0;
	host += 3;
	/* An IPv6 literal holds colons: it ends at its bracket. */
	len = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/");
	return (len == 9 && strncmp(host, "localhost", 9) == 0) ||
	       (len == 9 && strncmp(host, "127.0.0.1", 9) == 0) ||
	       (len == 5 && strncmp(host, "[::1]", 5) == 0);
}

struct reader {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* The password from its file, without the final newline. */
static int
read_password(const char *path, char *out, size_t n)
{
	struct sbuf sb = SBUF_INIT(1024);
	struct av_err e = AV_ERR_INIT;
	size_t len;

	if (file_read_regular(path, &sb, &e) != AV_OK) {
		sbuf_release(&sb);
		return -1;
	}
	len = sb.len;
	while (len > 0 && (sb.buf[len - 1] == '\n' || sb.buf[len - 1] == '\r'))
		len--;
	if (len >= n) {
		sodium_memzero(sb.buf, sb.len);
		sbuf_release(&sb);
		return -1;
	}
	memcpy(out, sb.buf, len);
	out[len] = '\0';
	sodium_memzero(sb.buf, sb.len);
	sbuf_release(&sb);
	return 0;
}

/*
 * The SMTP transaction on h, whose body options the caller set: envelope,
 * TLS, credentials, timeouts; h is cleaned up.  0 or -1 with detail.
 */
static int
perform(const struct smtp_config *c, const char *to, CURL *h, char *detail,
        size_t detail_len)
{
	struct curl_slist *rcpt = NULL;
	char from[SMTP_ADDR_MAX + 3], pw[512];
	long code = 0;
	CURLcode rc;

	snprintf(from, sizeof(from), "<%s>", c->mittente);
	rcpt = curl_slist_append(rcpt, to);
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)NOTIFICHE_SMTP_TIMEOUT_S);
	/* smtps:// is TLS from the start.  On smtp://, STARTTLS when the
	   server offers it (a local relay may not); but a password never
	   travels in clear beyond this machine: with credentials, TLS is
	   required unless the relay is on the loopback. */
	curl_easy_setopt(h, CURLOPT_USE_SSL,
	                 c->utente[0] != '\0' && !smtp_loopback(c->url)
	                     ? (long)CURLUSESSL_ALL
	                     : (long)CURLUSESSL_TRY);
	pw[0] = '\0';
	if (c->utente[0] != '\0') {
		if (read_password(c->password_file, pw, sizeof(pw)) != 0) {
			snprintf(detail, detail_len,
			         "file della password non leggibile");
			curl_slist_free_all(rcpt);
			curl_easy_cleanup(h);
			return -1;
		}
		curl_easy_setopt(h, CURLOPT_USERNAME, c->utente);
		curl_easy_setopt(h, CURLOPT_PASSWORD, pw);
	}
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	sodium_memzero(pw, sizeof(pw));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		snprintf(detail, detail_len, "%s (risposta %ld)",
		         curl_easy_strerror(rc), code);
		return -1;
	}
	snprintf(detail, detail_len, "consegnato al server (risposta %ld)",
	         code);
	return 0;
}

int
smtp_send(const struct smtp_config *c, const char *to, const char *msg,
          size_t len, char *detail, size_t detail_len)
{
	struct reader r = {msg, len};
	CURL *h = curl_easy_init();

	if (h == NULL) {
		snprintf(detail, detail_len, "libcurl non disponibile");
		return -1;
	}
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	return perform(c, to, h, detail, detail_len);
}

/* The header lines of smtp_message (CRLF-separated, Subject unfolded:
   one list entry per header) into a curl list; NULL on failure. */
static struct curl_slist *
header_list(const char *from, const char *to, const char *oggetto, int64_t date,
            int64_t email_id)
{
	const char *domain = strchr(from, '@');
	struct sbuf h = SBUF_INIT(4096), line = SBUF_INIT(1024);
	struct curl_slist *l = NULL, *t;
	const char *p, *e;

	add_date(&h, date);
	sbuf_addf(&h, "From: <%s>\r\n", from);
	sbuf_addf(&h, "To: <%s>\r\n", to);
	add_subject(&h, oggetto);
	sbuf_addf(&h, "Message-ID: <notifica-%lld@%s>\r\n", (long long)email_id,
	          domain != NULL ? domain + 1 : "areavasta");
	sbuf_addstr(&h, "Auto-Submitted: auto-generated\r\n");
	for (p = h.buf; !sbuf_err(&h) && *p; p = e + 2) {
		e = strstr(p, "\r\n");
		if (e == NULL)
			break;
		if (*p == ' ') { /* a folded line joins the previous one */
			sbuf_add(&line, p, (size_t)(e - p));
			continue;
		}
		if (line.len > 0) {
			t = curl_slist_append(l, line.buf);
			if (t == NULL)
				goto fail;
			l = t;
		}
		sbuf_reset(&line);
		sbuf_add(&line, p, (size_t)(e - p));
	}
	if (sbuf_err(&h) || sbuf_err(&line) || line.len == 0)
		goto fail;
	t = curl_slist_append(l, line.buf);
	if (t == NULL)
		goto fail;
	sbuf_release(&h);
	sbuf_release(&line);
	return t;
fail:
	curl_slist_free_all(l);
	sbuf_release(&h);
	sbuf_release(&line);
	return NULL;
}

int
smtp_send_alternative(const struct smtp_config *c, const char *to,
                      const char *oggetto, const char *testo, const char *link,
                      const char *html, int64_t date, int64_t email_id,
                      char *detail, size_t detail_len)
{
	struct sbuf body =
	    SBUF_INIT(NOTIFICA_TESTO_MAX * 2 + NOTIFICA_LINK_MAX + 256);
	struct curl_slist *headers, *inline_h = NULL;
	curl_mime *mime = NULL, *alt = NULL;
	curl_mimepart *part;
	CURL *h;
	const char *p;
	int rc = -1;

	headers = header_list(c->mittente, to, oggetto, date, email_id);
	h = curl_easy_init();
	if (h == NULL || headers == NULL) {
		snprintf(detail, detail_len, "libcurl non disponibile");
		goto out;
	}
	/* The text part as smtp_message writes it: CRLF lines, the link, the
	   automatic-message line. */
	for (p = testo; *p; p++) {
		if (*p == '\n' && (p == testo || p[-1] != '\r'))
			sbuf_addch(&body, '\r');
		sbuf_addch(&body, *p);
	}
	if (link != NULL && link[0] != '\0')
		sbuf_addf(&body, "\r\n\r\n%s", link);
	sbuf_addstr(&body, "\r\n\r\n-- \r\nMessaggio inviato automaticamente "
	                   "dalla piattaforma areavasta.\r\n");
	if (sbuf_err(&body)) {
		snprintf(detail, detail_len, "messaggio troppo lungo");
		goto out;
	}
	/* multipart/alternative: the plain text first, the HTML last (the
	   preferred one, RFC 2046 §5.1.4), each base64. */
	mime = curl_mime_init(h);
	alt = curl_mime_init(h);
	part = curl_mime_addpart(alt);
	curl_mime_data(part, body.buf, body.len);
	curl_mime_type(part, "text/plain; charset=UTF-8");
	curl_mime_encoder(part, "base64");
	part = curl_mime_addpart(alt);
	curl_mime_data(part, html, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/html; charset=UTF-8");
	curl_mime_encoder(part, "base64");
	/* libcurl's SMTP body is multipart/mixed: the alternative inside
	   it, inline (its example smtp-mime.c). */
	part = curl_mime_addpart(mime);
	curl_mime_subparts(part, alt);
	alt = NULL; /* owned by mime now */
	curl_mime_type(part, "multipart/alternative");
	inline_h = curl_slist_append(NULL, "Content-Disposition: inline");
	curl_mime_headers(part, inline_h, 1);
	inline_h = NULL; /* owned by the part */
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
	rc = perform(c, to, h, detail, detail_len);
	h = NULL; /* cleaned up by perform */
out:
	curl_mime_free(alt);
	curl_mime_free(mime);
	curl_slist_free_all(inline_h);
	curl_slist_free_all(headers);
	if (h != NULL)
		curl_easy_cleanup(h);
	sbuf_release(&body);
	return rc;
}
