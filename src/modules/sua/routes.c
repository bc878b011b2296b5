/*
 * routes.c - the SUA module's route table, one line per endpoint (to be
 * assembled by src/http/routes.c).  All public: they compute, they change
 * nothing.
 */
#include <stddef.h>

#include "modules/sua/handlers.h"

static const char *const q_none[] = {NULL};

/* Body caps: a procedure request is small; 10 000 offers of ~12 bytes. */
#define SUA_PROCEDURA_BODY_MAX (16 * 1024)
#define SUA_ANOMALIA_BODY_MAX (512 * 1024)

const struct route sua_routes[] = {
    {HTTP_POST, "/api/v1/sua/procedura", sua_post_procedura, PERM_PUBLIC,
     SUA_PROCEDURA_BODY_MAX, 0, q_none,
     "Procedura di affidamento, termini, contributo ANAC e qualificazione",
     NULL, sua_procedura_body},
    {HTTP_POST, "/api/v1/sua/anomalia", sua_post_anomalia, PERM_PUBLIC,
     SUA_ANOMALIA_BODY_MAX, 0, q_none,
     "Soglia di anomalia (All. II.2, metodi A, B, C) con tutti i passaggi",
     NULL, sua_anomalia_body},
    {HTTP_GET, "/api/v1/valida/{tipo}/{codice}", sua_get_valida, PERM_PUBLIC, 0,
     0, q_none, "Validazione di codice fiscale, P. IVA, CIG, CUP, CPV, ISTAT"},
};

const size_t sua_routes_count = sizeof(sua_routes) / sizeof(sua_routes[0]);
