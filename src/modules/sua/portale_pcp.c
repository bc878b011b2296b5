/*
 * portale_pcp.c - the ANAC publication of a public tender (portale_pcp.h):
 *   ambiente      PCP's environment (only esercizio is a legal
 *                 publication: the page says so for the others)
 *   id_avviso     PCP's notice id; anac_url its page on ANAC's board of
 *                 legal notices (null outside esercizio)
 *   ted           for an EU call: {notice_id} the eForm's BT-701, the id
 *                 TED indexes the notice by, and url null: TED's
 *                 publication number is not returned by stato-avviso
 *                 (docs/pcp-schede.md "Public portal")
 */
#include "json/jw.h"
#include "modules/pcp/pubblicazione.h"
#include "modules/sua/portale_pcp.h"

int
portale_write_pcp(struct jw *w, struct db *db, int64_t gara_id,
                  struct av_err *err)
{
	struct pcp_pubblicazione p;
	int found = 0;

	if (pcp_pubblicazione_get(db, gara_id, &p, &found, err) != AV_OK)
		return err->code;
	jw_key(w, "pcp");
	if (!found) {
		jw_null(w);
		return AV_OK;
	}
	jw_obj(w);
	jw_kstr(w, "ambiente", p.ambiente);
	jw_kstr(w, "id_avviso", p.id_avviso);
	jw_kstr(w, "stato_avviso", p.stato_avviso);
	jw_key(w, "anac_url");
	if (p.anac_url[0] != '\0')
		jw_str(w, p.anac_url);
	else
		jw_null(w);
	jw_key(w, "ted");
	if (p.eu) {
		jw_obj(w);
		jw_kstr(w, "notice_id", p.ted_notice_id);
		jw_key(w, "url");
		jw_null(w);
		jw_obj_end(w);
	} else
		jw_null(w);
	jw_obj_end(w);
	return AV_OK;
}
