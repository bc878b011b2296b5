/*
 * eforms.h - the EU notices of a SUA tender as eForms XML (SDK 1.13, the
 * version ANAC's PCP requires): the contract notice (subtype 16) and the
 * contract award notice (subtype 29), built with libxml2's writer from
 * the tender's own rows (modules/sua/gara_view.h), never typed twice.
 * PCP embeds them Base64 in the P1_16 and A1_29 schede (docs/pcp-schede.md).
 *
 * The data is checked first (pcp_eforms_check): a tender without lots,
 * CPV, deadline, or with a procedure that has no contract notice, is
 * refused with an Italian message naming the field, and nothing is built.
 */
#ifndef AV_PCP_EFORMS_H
#define AV_PCP_EFORMS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct sbuf;
struct sua_view_gara;
struct sua_view_esito;

#define EFORMS_CUSTOMIZATION "eforms-sdk-1.13"
#define EFORMS_PORTAL_DEFAULT "https://areavasta.invalid"
#define EFORMS_NOTICE_MAX (8u * 1024 * 1024) /* bytes of one notice */

/* eForms codes of our values; NULL when there is none. */
const char *eforms_procedure_code(const char *procedura);
const char *eforms_contract_nature(const char *tipo);
const char *eforms_nuts3(const char *provincia_istat);

/* Cents as an eForms amount: 1234567 -> "12345.67"; out >= 24. */
void eforms_amount(int64_t cents, char out[24]);

/* A Unix instant as eForms date and time in Europe/Rome with the offset:
   "2026-10-25+01:00" and "02:30:00+01:00" (each out >= 24). */
int eforms_date_time(int64_t t, char date[24], char time[24],
                     struct av_err *err);

/* A stable UUID (version 4 layout) from a name: same name, same id. */
void eforms_uuid(const char *name, char out[37]);
/* The notice id (BT-701) of subtype 16 / 29 of tender gara_id: stable,
   so the public portal names the notice PCP sent to TED. */
void eforms_notice_id(int64_t gara_id, int subtype, char out[37]);

/* Refuses what the notice cannot say (AV_EINVAL, field named); ok 0. */
int pcp_eforms_check(const struct sua_view_gara *g, int subtype,
                     const struct sua_view_esito *e, size_t ne,
                     struct av_err *err);

/*
 * Writes notice subtype 16 or 29 of the tender into out (XML, UTF-8),
 * issued at now (Unix seconds); portal is the public site's base URL
 * (documents and submission, BT-15/BT-18; EFORMS_PORTAL_DEFAULT when the
 * installation has none).  Calls pcp_eforms_check first.
 */
int pcp_eforms_xml(const struct sua_view_gara *g, int subtype,
                   const struct sua_view_esito *e, size_t ne, int64_t now,
                   const char *portal, struct sbuf *out, struct av_err *err);

/* Loads tender gara_id and writes its notice: AV_ENOTFOUND, AV_EINVAL. */
int pcp_eforms_build(struct db *db, int64_t gara_id, int subtype, int64_t now,
                     const char *portal, struct sbuf *out, struct av_err *err);

#endif
