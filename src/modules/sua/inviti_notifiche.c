/*
 * inviti_notifiche.c - the invitation's notification (inviti_notifiche.h):
 * the tender's object, its offer deadline in Italian time, the link to
 * its public page, where the invited operator submits its bid.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/inviti_notifiche.h"

#define OGGETTO_CUT 120 /* bytes of the tender's object in a subject */

int
inviti_notifica(struct db *db, int64_t actor, int64_t gara_id, json_t *invitati,
                struct av_err *err)
{
	struct gara *g = gara_alloc();
	struct sbuf t = SBUF_INIT(NOTIFICA_TESTO_MAX);
	char oggetto[NOTIFICA_OGGETTO_MAX], link[48], ente[32];
	char term[LT_DATETIME_LEN] = "";
	size_t i, cut, n = 0;
	json_t *v;
	int found = 0, rc;

	rc = gara_load(db, gara_id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc != AV_OK)
		goto out;
	cut = strlen(g->oggetto);
	if (cut > OGGETTO_CUT) {
		cut = OGGETTO_CUT;
		while (cut > 0 &&
		       ((unsigned char)g->oggetto[cut] & 0xC0) == 0x80)
			cut--;
	}
	snprintf(oggetto, sizeof(oggetto),
	         "Invito a presentare offerta \xe2\x80\x93 %.*s%s", (int)cut,
	         g->oggetto, cut < strlen(g->oggetto) ? "\xe2\x80\xa6" : "");
	if (g->termine_offerte > 0) {
		struct av_err e = AV_ERR_INIT;

		(void)lt_format_local(g->termine_offerte, term, &e);
	}
	sbuf_addf(&t,
	          "La vostra impresa \xc3\xa8 invitata a presentare offerta "
	          "nella procedura negoziata \xc2\xab%s\xc2\xbb.",
	          g->oggetto);
	if (term[0])
		sbuf_addf(&t, "\nTermine per le offerte: %s (ora italiana).",
		          term);
	snprintf(link, sizeof(link), "/bando.html?id=%lld", (long long)gara_id);
	if (sbuf_err(&t))
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	json_array_foreach(invitati, i, v)
	{
		if (rc != AV_OK || !json_is_string(v))
			continue;
		snprintf(ente, sizeof(ente), "operatore:%s",
		         json_string_value(v));
		rc = notifica_invia(db, actor, ente, 0, oggetto, t.buf, link,
		                    &n, err);
	}
out:
	sbuf_release(&t);
	gara_free(g);
	return rc;
}
