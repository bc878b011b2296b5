/*
 * routes.c - GET (public) and PUT (admin, audited) /api/v1/istanza/identita:
 * the installation's identity through the same validation and storage as
 * `areavasta istanza set`; a change re-renders the pages the server sends.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "http/route.h"
#include "json/jbody.h"
#include "modules/istanza/istanza.h"

#define IDENTITA_BODY_MAX (ISTANZA_STEMMA_URI_MAX + 16384)

struct identita_in {
	const char *v[13]; /* in the order of istanza_keys */
};

#define IN struct identita_in
#define F(i, name, max)                                                        \
	{                                                                      \
		JF_STRING(name, 0, 0, max), JF_TO(IN, v[i]),                   \
		    .desc = "vuoto: il valore predefinito"                     \
	}

static const struct jfield identita_body[] = {
    F(0, "ente", 128),
    F(1, "ente_padre", 128),
    F(2, "ente_padre_url", ISTANZA_VALUE_MAX),
    F(3, "colore", 16),
    F(4, "indirizzo", 256),
    F(5, "telefono", 32),
    F(6, "email", 254),
    F(7, "pec", 254),
    F(8, "codice_fiscale", 11),
    F(9, "accessibilita_url", ISTANZA_VALUE_MAX),
    F(10, "privacy_url", ISTANZA_VALUE_MAX),
    F(11, "note_legali_url", ISTANZA_VALUE_MAX),
    {JF_STRING("stemma", 0, 0, ISTANZA_STEMMA_URI_MAX), JF_TO(IN, v[12]),
     .desc = "data:image/png;base64,... o data:image/svg+xml;base64,..."
             " (al massimo 48 KiB di immagine); vuoto: lo stemma"
             " predefinito"},
    {0},
};

#undef F
#undef IN

static int
identita_get(struct req *req, struct resp *resp)
{
	return istanza_write(resp_jw(resp, 200), req_db(req), req_err(req));
}

/* In the router's transaction: each key given is set and audited. */
static int
identita_put(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct identita_in in;
	char actor[24];
	size_t i;
	int any = 0;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK)
		return err->code;
	/* No refresh publishes older values until this commits (istanza.h). */
	istanza_write_begin();
	arena_on_release(req_arena(req), istanza_write_end, NULL);
	snprintf(actor, sizeof(actor), "%lld", (long long)req_user(req)->id);
	for (i = 0; istanza_keys[i] != NULL; i++) {
		if (in.v[i] == NULL)
			continue;
		if (istanza_set(req_db(req), actor, istanza_keys[i], in.v[i],
		                err) != AV_OK)
			return err->code;
		any = 1;
	}
	if (!any)
		return av_fail(err, AV_EINVAL, NULL,
		               "Indicare almeno un campo da modificare.");
	/* Rendered before the commit: a failed commit re-publishes at the
	   next change or restart (docs/istanza.md). */
	if (istanza_publish(req_db(req), err) != AV_OK)
		return err->code;
	return istanza_write(resp_jw(resp, 200), req_db(req), err);
}

const struct route istanza_routes[] = {
    {HTTP_GET, "/api/v1/istanza/identita", identita_get, PERM_PUBLIC, 0, 0,
     (const char *const[]){NULL},
     "Identità dell'installazione: ente, contatti, note legali", NULL, NULL},
    {HTTP_PUT, "/api/v1/istanza/identita", identita_put, PERM_USER_ADMIN,
     IDENTITA_BODY_MAX, ROUTE_AUDITED, (const char *const[]){NULL},
     "Modifica l'identità dell'installazione (intestazione, piè di pagina)",
     NULL, identita_body},
};

const size_t istanza_routes_count =
    sizeof(istanza_routes) / sizeof(istanza_routes[0]);
