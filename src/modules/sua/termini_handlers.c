/*
 * termini_handlers.c - GET /api/v1/sua/termini: the legal minimum time limit
 * of a procedure from the transmission date (termini.h), counted on this
 * installation's calendar (patron day and roll-over setting, read on every
 * request: a change of `areavasta impostazioni` applies at once).  Public,
 * no body; the route table sua_termini_routes is assembled by
 * src/http/routes.c.
 */
#include <stddef.h>

#include "http/route.h"
#include "modules/settings/settings.h"
#include "modules/sua/termini.h"

static int
sua_get_termini(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct sua_termini_in in = {0};
	struct sua_termini_out out;
	struct settings_time st;

	in.procedura = req_query(req, "procedura");
	in.invio = req_query(req, "invio");
	in.riduzione = req_query(req, "riduzione");
	in.fase = req_query(req, "fase");
	if (settings_time_get(req_db(req), &st, err) != AV_OK)
		return err->code;
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	if (sua_termini(&in, &out, err) != AV_OK)
		return err->code;
	sua_termini_write(resp_jw(resp, 200), &in, &out);
	return AV_OK;
}

static const char *const q_termini[] = {"procedura", "invio", "riduzione",
                                        "fase", NULL};

const struct route sua_termini_routes[] = {
    {HTTP_GET, "/api/v1/sua/termini", sua_get_termini, PERM_PUBLIC, 0, 0,
     q_termini,
     "Termine minimo di legge di una procedura dalla data di invio del bando"},
};

const size_t sua_termini_routes_count =
    sizeof(sua_termini_routes) / sizeof(sua_termini_routes[0]);
