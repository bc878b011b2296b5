/*
 * campagne_handlers.h - the data campaigns' HTTP edge (campagne_handlers.c)
 * for their route table (routes_campagne.c).
 */
#ifndef AV_DATI_CAMPAGNE_HANDLERS_H
#define AV_DATI_CAMPAGNE_HANDLERS_H

#include "http/route.h"

int dati_scope_provincia(struct req *req, char *ente, size_t len, int *found);
int dati_scope_campagna(struct req *req, char *ente, size_t len, int *found);
int dati_scope_comune(struct req *req, char *ente, size_t len, int *found);
int dati_scope_risposta(struct req *req, char *ente, size_t len, int *found);

int dati_campagne_post(struct req *req, struct resp *resp);
int dati_campagne_list(struct req *req, struct resp *resp);
int dati_campagna_get(struct req *req, struct resp *resp);
int dati_campagna_quadro(struct req *req, struct resp *resp);
int dati_campagna_chiudi(struct req *req, struct resp *resp);
int dati_campagna_modello(struct req *req, struct resp *resp);
int dati_campagna_risultato(struct req *req, struct resp *resp);
int dati_comune_campagne(struct req *req, struct resp *resp);
int dati_comune_campagna(struct req *req, struct resp *resp);
int dati_comune_modello(struct req *req, struct resp *resp);
int dati_comune_risposta_post(struct req *req, struct resp *resp);
int dati_risposta_get(struct req *req, struct resp *resp);
int dati_risposta_errori(struct req *req, struct resp *resp);
int dati_campagna_modello_xlsx(struct req *req, struct resp *resp);
int dati_comune_modello_xlsx(struct req *req, struct resp *resp);
int dati_campagna_promemoria(struct req *req, struct resp *resp);

/* POST .../campagne/{id}/righe: an answer from the form's rows. */
int dati_comune_righe_post(struct req *req, struct resp *resp);
/* PATCH /api/v1/dati/campagne/{id}: deadline extended, Comuni added. */
int dati_campagna_patch(struct req *req, struct resp *resp);
/* campagne_storia_handlers.c: the changes, from the audit log */
int dati_campagna_modifiche(struct req *req, struct resp *resp);

#endif
