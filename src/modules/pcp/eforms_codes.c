/*
 * eforms_codes.c - the small mappings of the eForms notices (eforms.h):
 * our codes to eForms code lists (procedure type, contract nature, NUTS),
 * amounts from cents, instants in Europe/Rome with their offset, stable
 * UUIDs.  Pure functions, unit-tested (tests/unit/pcp/eforms_test.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/legal_time.h"
#include "modules/pcp/eforms.h"

/* Our procedure codes (modules/sua/law_tables.c) -> procurement-procedure-type.
 */
static const struct {
	const char *ours, *eforms;
} procedures[] = {
    {"aperta", "open"},
    {"ristretta", "restricted"},
    {"competitiva_con_negoziazione", "neg-w-call"},
    {"dialogo_competitivo", "comp-dial"},
    {"partenariato_innovazione", "innovation"},
    {"negoziata_senza_bando", "neg-wo-call"},
    {"negoziata_senza_pubblicazione", "neg-wo-call"},
};

const char *
eforms_procedure_code(const char *procedura)
{
	size_t i;

	for (i = 0; i < sizeof(procedures) / sizeof(procedures[0]); i++)
		if (strcmp(procedures[i].ours, procedura) == 0)
			return procedures[i].eforms;
	return NULL; /* affidamento_diretto: no EU notice */
}

const char *
eforms_contract_nature(const char *tipo)
{
	if (strcmp(tipo, "lavori") == 0)
		return "works";
	if (strcmp(tipo, "servizi") == 0)
		return "services";
	if (strcmp(tipo, "forniture") == 0)
		return "supplies";
	return NULL;
}

/*
 * ISTAT code of a Province -> NUTS 2021 level 3 (Eurostat).  Only the
 * Provinces of Veneto so far (the demo's region); the others are refused
 * until their rows are added (docs/pcp-schede.md, "not covered").
 */
static const struct {
	const char *istat, *nuts;
} nuts3[] = {
    {"023", "ITH31"}, /* Verona */
    {"024", "ITH32"}, /* Vicenza */
    {"025", "ITH33"}, /* Belluno */
    {"026", "ITH34"}, /* Treviso */
    {"027", "ITH35"}, /* Venezia */
    {"028", "ITH36"}, /* Padova */
    {"029", "ITH37"}, /* Rovigo */
};

const char *
eforms_nuts3(const char *provincia_istat)
{
	size_t i;

	for (i = 0; i < sizeof(nuts3) / sizeof(nuts3[0]); i++)
		if (strcmp(nuts3[i].istat, provincia_istat) == 0)
			return nuts3[i].nuts;
	return NULL;
}

void
eforms_amount(int64_t cents, char out[24])
{
	uint64_t a =
	    cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(out, 24, "%s%" PRIu64 ".%02" PRIu64, cents < 0 ? "-" : "",
	         a / 100, a % 100);
}

int
eforms_date_time(int64_t t, char date[24], char time[24], struct av_err *err)
{
	char iso[LT_ISO_LEN]; /* "2026-10-25T02:30:00+01:00" */

	if (lt_format_iso(t, iso, err) != AV_OK)
		return err->code;
	if (strlen(iso) != 25)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	snprintf(date, 24, "%.10s%.6s", iso, iso + 19);
	snprintf(time, 24, "%.8s%.6s", iso + 11, iso + 19);
	return AV_OK;
}

void
eforms_uuid(const char *name, char out[37])
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)name,
	                   strlen(name), NULL, 0);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x40); /* version 4 layout */
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, 37,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	         "%02x%02x%02x%02x%02x%02x",
	         h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9],
	         h[10], h[11], h[12], h[13], h[14], h[15]);
}
