/*
 * eforms.c - the contract notice (subtype 16) and the contract award
 * notice (subtype 29) of a SUA tender as eForms XML, SDK 1.13 (eforms.h).
 *
 * Built with libxml2's xmlTextWriter (escaping, namespaces and UTF-8 are
 * the library's job, never string concatenation), element by element in
 * the order of the UBL 2.3 schemas; the tests validate every generated
 * notice with `xmllint --schema` against the SDK's XSDs and check that
 * every field the subtype marks mandatory (fields/fields.json) is there.
 *
 * Organisations: ORG-0001 is the Province acting as SUA (the buyer, on
 * behalf of the Comuni named in each lot), ORG-0002 the review body (the
 * regional administrative court), ORG-01nn the winner of lot nn.
 * Identifiers: lots LOT-nnnn by lot number; the procedure (BT-04) and the
 * notice (BT-701) get stable UUIDs derived from the tender's id, so the
 * same tender always gives the same identifiers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "modules/pcp/eforms.h"
#include "modules/sua/gara_view.h"

#define NS_CAC                                                                 \
	"urn:oasis:names:specification:ubl:schema:xsd:"                        \
	"CommonAggregateComponents-2"
#define NS_CBC                                                                 \
	"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
#define NS_EXT                                                                 \
	"urn:oasis:names:specification:ubl:schema:xsd:"                        \
	"CommonExtensionComponents-2"
#define NS_EFAC                                                                \
	"http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/" \
	"1"
#define NS_EFEXT "http://data.europa.eu/p27/eforms-ubl-extensions/1"
#define NS_EFBC                                                                \
	"http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"
#define NS_CN "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
#define NS_CAN                                                                 \
	"urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2"

#define LANG "ITA"
#define ORG_BUYER "ORG-0001"
#define ORG_REVIEW "ORG-0002"

/* The writer and the first error, so that each call stays one line. */
struct xw {
	xmlTextWriterPtr w;
	int failed;
};

static void
x_start(struct xw *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->failed = 1;
}

static void
x_end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->failed = 1;
}

static void
x_attr(struct xw *x, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) <
	    0)
		x->failed = 1;
}

/* <name attr="aval">text</name>; attr may be NULL. */
static void
x_el(struct xw *x, const char *name, const char *attr, const char *aval,
     const char *text)
{
	x_start(x, name);
	if (attr != NULL)
		x_attr(x, attr, aval);
	if (xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
		x->failed = 1;
	x_end(x);
}

static void
x_text(struct xw *x, const char *name, const char *text)
{
	x_el(x, name, NULL, NULL, text);
}

static void
x_ita(struct xw *x, const char *name, const char *text)
{
	x_el(x, name, "languageID", LANG, text);
}

static void
x_amount(struct xw *x, const char *name, int64_t cents)
{
	char a[24];

	eforms_amount(cents, a);
	x_el(x, name, "currencyID", "EUR", a);
}

/* <cac:PartyIdentification><cbc:ID schemeName="organization">id ... */
static void
x_org_ref(struct xw *x, const char *wrapper, const char *org)
{
	if (wrapper != NULL)
		x_start(x, wrapper);
	x_start(x, "cac:PartyIdentification");
	x_el(x, "cbc:ID", "schemeName", "organization", org);
	x_end(x);
	if (wrapper != NULL)
		x_end(x);
}

static void
x_lot_ref(struct xw *x, const char *wrapper, int64_t numero)
{
	char id[32];

	snprintf(id, sizeof(id), "LOT-%04" PRId64, numero);
	x_start(x, wrapper);
	x_el(x, "cbc:ID", "schemeName", "Lot", id);
	x_end(x);
}

/* The 8 digits of a CPV code as stored ("45233141-9" or "45233141"). */
static void
cpv8(const char *cpv, char out[9])
{
	snprintf(out, 9, "%.8s", cpv);
}

static int
is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0' || s[n] == '-';
}

static int
bad(struct av_err *err, const char *field, const char *msg)
{
	return av_fail(err, AV_EUNPROC, field, "%s", msg);
}

int
pcp_eforms_check(const struct sua_view_gara *g, int subtype,
                 const struct sua_view_esito *e, size_t ne, struct av_err *err)
{
	char field[48];
	size_t i;

	if (subtype != 16 && subtype != 29)
		return av_fail(err, AV_EINVAL, "tipo",
		               "Il tipo di avviso eForms è 16 (bando) o 29"
		               " (esito).");
	if (g->oggetto == NULL || g->oggetto[0] == '\0')
		return bad(err, "oggetto", "La gara non ha un oggetto.");
	if (eforms_contract_nature(g->tipo) == NULL)
		return bad(err, "tipo",
		           "Il tipo di appalto (lavori, servizi, forniture)"
		           " manca o non è valido.");
	if (eforms_procedure_code(g->procedura) == NULL)
		return bad(err, "procedura",
		           "L'affidamento diretto non ha avvisi eForms:"
		           " all'ANAC si comunica con le schede AD3/AD5.");
	if (subtype == 16 &&
	    strcmp(eforms_procedure_code(g->procedura), "neg-wo-call") == 0)
		return bad(err, "procedura",
		           "Una procedura negoziata senza bando non ha un"
		           " bando (avviso 16): si comunica l'esito (29).");
	if (eforms_nuts3(g->provincia) == NULL)
		return bad(err, "provincia",
		           "Manca il codice NUTS della Provincia: aggiungerlo"
		           " alla tabella di modules/pcp/eforms_codes.c.");
	if (g->provincia_sua.name[0] == '\0')
		return bad(err, "provincia", "Manca il nome della Provincia.");
	if (g->n_lotti == 0)
		return bad(err, "lotti", "La gara non ha lotti.");
	if (subtype == 16 && g->termine_offerte < 0)
		return bad(err, "termine_offerte",
		           "Manca il termine di presentazione delle offerte.");
	for (i = 0; i < g->n_lotti; i++) {
		const struct sua_view_lotto *l = &g->lotti[i];

		snprintf(field, sizeof(field), "lotti[%zu].cpv", i);
		if (strlen(l->cpv) < 8 || !is_digits(l->cpv, 8))
			return bad(err, field,
			           "Il lotto non ha un codice CPV valido.");
		snprintf(field, sizeof(field), "lotti[%zu].oggetto", i);
		if (l->oggetto == NULL || l->oggetto[0] == '\0')
			return bad(err, field, "Il lotto non ha un oggetto.");
		snprintf(field, sizeof(field), "lotti[%zu].importo_cents", i);
		if (l->importo <= 0 || l->sicurezza < 0)
			return bad(err, field,
			           "L'importo del lotto deve essere positivo.");
	}
	if (subtype == 29 && ne == 0)
		return bad(err, "esiti",
		           "Nessun lotto è aggiudicato: l'avviso di esito (29)"
		           " si genera dopo l'aggiudicazione.");
	for (i = 0; i < ne; i++) {
		snprintf(field, sizeof(field), "esiti[%zu].vincitore", i);
		if (e[i].vincitore_cf[0] == '\0' ||
		    e[i].vincitore_nome[0] == '\0')
			return bad(err, field,
			           "L'aggiudicatario del lotto non è noto.");
	}
	return AV_OK;
}

/* ---- organisations ------------------------------------------------------ */

static void
x_company(struct xw *x, const char *org, const char *name, const char *city,
          const char *nuts, const char *cf)
{
	x_start(x, "efac:Organization");
	x_start(x, "efac:Company");
	x_org_ref(x, NULL, org);
	x_start(x, "cac:PartyName");
	x_ita(x, "cbc:Name", name);
	x_end(x);
	x_start(x, "cac:PostalAddress");
	x_text(x, "cbc:CityName", city);
	if (nuts != NULL)
		x_el(x, "cbc:CountrySubentityCode", "listName", "nuts", nuts);
	x_start(x, "cac:Country");
	x_el(x, "cbc:IdentificationCode", "listName", "country", "ITA");
	x_end(x);
	x_end(x);
	x_start(x, "cac:PartyLegalEntity");
	x_text(x, "cbc:CompanyID", cf[0] != '\0' ? cf : "non indicato");
	x_end(x);
	x_end(x);
	x_end(x);
}

/* The regional administrative court of the Province's region (NUTS 2). */
static void
review_body(const char *nuts, const char **name, const char **city,
            const char **tar_nuts)
{
	if (strncmp(nuts, "ITH3", 4) == 0) {
		*name = "Tribunale Amministrativo Regionale per il Veneto";
		*city = "Venezia";
		*tar_nuts = "ITH35";
		return;
	}
	*name = "Tribunale Amministrativo Regionale competente";
	*city = "Roma";
	*tar_nuts = "ITI43";
}

static void
x_organizations(struct xw *x, const struct sua_view_gara *g,
                const struct sua_view_esito *e, size_t ne)
{
	const char *nuts = eforms_nuts3(g->provincia), *tar, *tar_city, *tn;
	const struct sua_view_party *p = &g->provincia_sua;
	char org[32];
	size_t i;

	review_body(nuts, &tar, &tar_city, &tn);
	x_start(x, "efac:Organizations");
	x_company(x, ORG_BUYER, p->name,
	          p->locality[0] != '\0' ? p->locality : p->name, nuts, p->cf);
	x_company(x, ORG_REVIEW, tar, tar_city, tn, "");
	for (i = 0; i < ne; i++) {
		snprintf(org, sizeof(org), "ORG-%04" PRId64, 100 + e[i].numero);
		x_company(x, org, e[i].vincitore_nome, "non indicata", NULL,
		          e[i].vincitore_cf);
	}
	x_end(x);
}

/* ---- notice result (subtype 29) -------------------------------------- */

static const struct sua_view_esito *
esito_of(int64_t numero, const struct sua_view_esito *e, size_t ne)
{
	size_t i;

	for (i = 0; i < ne; i++)
		if (e[i].numero == numero)
			return &e[i];
	return NULL;
}

/* A calendar day "aaaa-mm-gg" as an eForms date with the Europe/Rome
   offset of that day (taken at noon, away from the DST switch). */
static int
day_offset(const char *day, char out[24], struct av_err *err)
{
	struct lt_date d;
	char t[24];
	int64_t at;

	if (lt_parse_date(day, strlen(day), &d, "contratto_data", err) !=
	        AV_OK ||
	    lt_from_local(d, 12, 0, 0, &at, NULL, err) != AV_OK)
		return err->code;
	return eforms_date_time(at, out, t, err);
}

static void
x_notice_result(struct xw *x, const struct sua_view_gara *g,
                const struct sua_view_esito *e, size_t ne, int *failed_date,
                struct av_err *err)
{
	char id[32], d[24];
	int64_t total = 0;
	size_t i;

	for (i = 0; i < ne; i++)
		total += e[i].contratto_cents;
	x_start(x, "efac:NoticeResult");
	if (total > 0)
		x_amount(x, "cbc:TotalAmount", total);
	for (i = 0; i < g->n_lotti; i++) {
		const struct sua_view_esito *r =
		    esito_of(g->lotti[i].numero, e, ne);
		int64_t n = g->lotti[i].numero;

		x_start(x, "efac:LotResult");
		snprintf(id, sizeof(id), "RES-%04" PRId64, n);
		x_el(x, "cbc:ID", "schemeName", "result", id);
		x_el(x, "cbc:TenderResultCode", "listName",
		     "winner-selection-status",
		     r != NULL ? "selec-w" : "open-nw");
		if (r != NULL) {
			x_start(x, "efac:LotTender");
			snprintf(id, sizeof(id), "TEN-%04" PRId64, n);
			x_el(x, "cbc:ID", "schemeName", "tender", id);
			x_end(x);
			x_start(x, "efac:ReceivedSubmissionsStatistics");
			x_el(x, "efbc:StatisticsCode", "listName",
			     "received-submission-type", "tenders");
			snprintf(id, sizeof(id), "%" PRId64, r->offerte);
			x_text(x, "efbc:StatisticsNumeric", id);
			x_end(x);
			if (r->contratto_cents > 0) {
				x_start(x, "efac:SettledContract");
				snprintf(id, sizeof(id), "CON-%04" PRId64, n);
				x_el(x, "cbc:ID", "schemeName", "contract", id);
				x_end(x);
			}
		}
		x_lot_ref(x, "efac:TenderLot", n);
		x_end(x);
	}
	for (i = 0; i < ne; i++) {
		int64_t n = e[i].numero;

		x_start(x, "efac:LotTender");
		snprintf(id, sizeof(id), "TEN-%04" PRId64, n);
		x_el(x, "cbc:ID", "schemeName", "tender", id);
		x_text(x, "cbc:RankCode", "1");
		x_text(x, "efbc:TenderRankedIndicator", "true");
		if (e[i].contratto_cents > 0) {
			x_start(x, "cac:LegalMonetaryTotal");
			x_amount(x, "cbc:PayableAmount", e[i].contratto_cents);
			x_end(x);
		}
		x_start(x, "efac:SubcontractingTerm");
		x_el(x, "efbc:TermCode", "listName", "applicability", "no");
		x_end(x);
		x_start(x, "efac:TenderingParty");
		snprintf(id, sizeof(id), "TPA-%04" PRId64, n);
		x_el(x, "cbc:ID", "schemeName", "tendering-party", id);
		x_end(x);
		x_lot_ref(x, "efac:TenderLot", n);
		x_end(x);
	}
	for (i = 0; i < ne; i++) {
		int64_t n = e[i].numero;

		if (e[i].contratto_cents <= 0 || e[i].contratto_data[0] == '\0')
			continue;
		x_start(x, "efac:SettledContract");
		snprintf(id, sizeof(id), "CON-%04" PRId64, n);
		x_el(x, "cbc:ID", "schemeName", "contract", id);
		if (*failed_date == AV_OK)
			*failed_date = day_offset(e[i].contratto_data, d, err);
		x_text(x, "cbc:IssueDate", d);
		x_org_ref(x, "cac:SignatoryParty", ORG_BUYER);
		x_start(x, "efac:LotTender");
		snprintf(id, sizeof(id), "TEN-%04" PRId64, n);
		x_el(x, "cbc:ID", "schemeName", "tender", id);
		x_end(x);
		x_end(x);
	}
	for (i = 0; i < ne; i++) {
		char org[32];

		x_start(x, "efac:TenderingParty");
		snprintf(id, sizeof(id), "TPA-%04" PRId64, e[i].numero);
		x_el(x, "cbc:ID", "schemeName", "tendering-party", id);
		x_start(x, "efac:Tenderer");
		snprintf(org, sizeof(org), "ORG-%04" PRId64, 100 + e[i].numero);
		x_el(x, "cbc:ID", "schemeName", "organization", org);
		x_end(x);
		x_end(x);
	}
	x_end(x);
}

/* ---- procedure and lots ------------------------------------------------ */

static void
x_location(struct xw *x, const char *nuts)
{
	x_start(x, "cac:RealizedLocation");
	x_start(x, "cac:Address");
	x_el(x, "cbc:CountrySubentityCode", "listName", "nuts", nuts);
	x_start(x, "cac:Country");
	x_el(x, "cbc:IdentificationCode", "listName", "country", "ITA");
	x_end(x);
	x_end(x);
	x_end(x);
}

static void
x_cpv(struct xw *x, const char *cpv)
{
	char c[9];

	cpv8(cpv, c);
	x_start(x, "cac:MainCommodityClassification");
	x_el(x, "cbc:ItemClassificationCode", "listName", "cpv", c);
	x_end(x);
}

static void
x_procedure_project(struct xw *x, const struct sua_view_gara *g)
{
	x_start(x, "cac:ProcurementProject");
	x_ita(x, "cbc:Name", g->oggetto);
	x_ita(x, "cbc:Description", g->oggetto);
	x_el(x, "cbc:ProcurementTypeCode", "listName", "contract-nature",
	     eforms_contract_nature(g->tipo));
	x_cpv(x, g->lotti[0].cpv);
	x_location(x, eforms_nuts3(g->provincia));
	x_end(x);
}

static void
x_awarding_terms(struct xw *x, const struct sua_view_gara *g)
{
	int oepv = strcmp(g->criterio, "oepv") == 0;

	x_start(x, "cac:AwardingTerms");
	x_start(x, "cac:AwardingCriterion");
	if (oepv) {
		x_start(x, "cac:SubordinateAwardingCriterion");
		x_el(x, "cbc:AwardingCriterionTypeCode", "listName",
		     "award-criterion-type", "quality");
		x_ita(x, "cbc:Description",
		      "Offerta tecnica secondo i criteri del disciplinare"
		      " (miglior rapporto qualità/prezzo).");
		x_end(x);
	}
	x_start(x, "cac:SubordinateAwardingCriterion");
	x_el(x, "cbc:AwardingCriterionTypeCode", "listName",
	     "award-criterion-type", "price");
	x_ita(x, "cbc:Description",
	      oepv ? "Offerta economica secondo il disciplinare."
	           : "Minor prezzo (art. 108 d.lgs. 36/2023).");
	x_end(x);
	x_end(x);
	x_end(x);
}

static void
x_lot(struct xw *x, const struct sua_view_gara *g,
      const struct sua_view_lotto *l, int subtype, const char *portal, int *rc,
      struct av_err *err)
{
	char url[512], id[32], d[24], t[24], desc[1024];
	int restricted =
	    strcmp(eforms_procedure_code(g->procedura), "open") != 0;

	snprintf(url, sizeof(url), "%s/gare/%" PRId64, portal, g->id);
	snprintf(desc, sizeof(desc),
	         "%s. Comune beneficiario: %s (codice ISTAT %s).%s%s",
	         l->oggetto, l->comune.name, l->comune.istat,
	         l->cig[0] != '\0' ? " CIG " : "", l->cig);
	x_start(x, "cac:ProcurementProjectLot");
	snprintf(id, sizeof(id), "LOT-%04" PRId64, l->numero);
	x_el(x, "cbc:ID", "schemeName", "Lot", id);

	x_start(x, "cac:TenderingTerms");
	if (subtype == 16)
		x_el(x, "cbc:VariantConstraintCode", "listName", "permission",
		     "not-allowed");
	x_el(x, "cbc:FundingProgramCode", "listName", "eu-funded",
	     "no-eu-funds");
	if (subtype == 16) {
		x_start(x, "cac:CallForTendersDocumentReference");
		snprintf(id, sizeof(id), "GARA-%" PRId64, g->id);
		x_text(x, "cbc:ID", id);
		x_text(x, "cbc:DocumentType", "non-restricted-document");
		x_start(x, "cac:Attachment");
		x_start(x, "cac:ExternalReference");
		x_text(x, "cbc:URI", url);
		x_end(x);
		x_end(x);
		x_end(x);
		x_start(x, "cac:TendererQualificationRequest");
		x_start(x, "cac:SpecificTendererRequirement");
		x_el(x, "cbc:TendererRequirementTypeCode", "listName",
		     "reserved-procurement", "none");
		x_end(x);
		x_end(x);
		x_start(x, "cac:TendererQualificationRequest");
		x_start(x, "cac:SpecificTendererRequirement");
		x_el(x, "cbc:TendererRequirementTypeCode", "listName",
		     "selection-criteria-source", "epo-procurement-document");
		x_end(x);
		x_end(x);
		x_start(x, "cac:ContractExecutionRequirement");
		x_el(x, "cbc:ExecutionRequirementCode", "listName",
		     "reserved-execution", "no");
		x_end(x);
		x_start(x, "cac:ContractExecutionRequirement");
		x_el(x, "cbc:ExecutionRequirementCode", "listName",
		     "einvoicing", "required");
		x_end(x);
		x_start(x, "cac:ContractExecutionRequirement");
		x_el(x, "cbc:ExecutionRequirementCode", "listName",
		     "ecatalog-submission", "not-allowed");
		x_end(x);
	}
	x_awarding_terms(x, g);
	if (subtype == 16) {
		x_start(x, "cac:TenderRecipientParty");
		x_text(x, "cbc:EndpointID", url);
		x_end(x);
	}
	x_start(x, "cac:AppealTerms");
	x_org_ref(x, "cac:AppealReceiverParty", ORG_REVIEW);
	x_end(x);
	if (subtype == 16) {
		x_start(x, "cac:Language");
		x_text(x, "cbc:ID", LANG);
		x_end(x);
		x_start(x, "cac:PostAwardProcess");
		x_text(x, "cbc:ElectronicOrderUsageIndicator", "false");
		x_text(x, "cbc:ElectronicPaymentUsageIndicator", "true");
		x_end(x);
	}
	x_end(x); /* TenderingTerms */

	x_start(x, "cac:TenderingProcess");
	if (subtype == 16)
		x_el(x, "cbc:SubmissionMethodCode", "listName", "esubmission",
		     "required");
	x_text(x, "cbc:GovernmentAgreementConstraintIndicator", "true");
	if (subtype == 16 && *rc == AV_OK) {
		*rc = eforms_date_time(g->termine_offerte, d, t, err);
		x_start(x, restricted
		               ? "cac:ParticipationRequestReceptionPeriod"
		               : "cac:TenderSubmissionDeadlinePeriod");
		x_text(x, "cbc:EndDate", d);
		x_text(x, "cbc:EndTime", t);
		x_end(x);
	}
	x_start(x, "cac:AuctionTerms");
	x_text(x, "cbc:AuctionConstraintIndicator", "false");
	x_end(x);
	x_start(x, "cac:ContractingSystem");
	x_el(x, "cbc:ContractingSystemTypeCode", "listName",
	     "framework-agreement", "none");
	x_end(x);
	x_start(x, "cac:ContractingSystem");
	x_el(x, "cbc:ContractingSystemTypeCode", "listName", "dps-usage",
	     "none");
	x_end(x);
	x_end(x); /* TenderingProcess */

	x_start(x, "cac:ProcurementProject");
	snprintf(id, sizeof(id), "%" PRId64, l->numero);
	x_el(x, "cbc:ID", "schemeName", "InternalID",
	     l->cig[0] != '\0' ? l->cig : id);
	x_ita(x, "cbc:Name", l->oggetto);
	x_ita(x, "cbc:Description", desc);
	x_el(x, "cbc:ProcurementTypeCode", "listName", "contract-nature",
	     eforms_contract_nature(g->tipo));
	x_start(x, "cac:RequestedTenderTotal");
	x_amount(x, "cbc:EstimatedOverallContractAmount",
	         l->importo + l->sicurezza);
	x_end(x);
	x_cpv(x, l->cpv);
	x_location(x, eforms_nuts3(g->provincia));
	x_end(x); /* ProcurementProject */
	x_end(x); /* ProcurementProjectLot */
}

/* ---- the notice --------------------------------------------------------- */

static void
x_root(struct xw *x, int subtype)
{
	x_start(x, subtype == 16 ? "ContractNotice" : "ContractAwardNotice");
	x_attr(x, "xmlns", subtype == 16 ? NS_CN : NS_CAN);
	x_attr(x, "xmlns:cac", NS_CAC);
	x_attr(x, "xmlns:cbc", NS_CBC);
	x_attr(x, "xmlns:ext", NS_EXT);
	x_attr(x, "xmlns:efac", NS_EFAC);
	x_attr(x, "xmlns:efext", NS_EFEXT);
	x_attr(x, "xmlns:efbc", NS_EFBC);
}

static int
write_notice(struct xw *x, const struct sua_view_gara *g, int subtype,
             const struct sua_view_esito *e, size_t ne, int64_t now,
             const char *portal, struct av_err *err)
{
	char name[64], folder[37], notice[37], d[24], t[24], st[8];
	int rc = AV_OK;
	int64_t award = -1;
	size_t i;

	snprintf(name, sizeof(name), "areavasta:gara:%" PRId64, g->id);
	eforms_uuid(name, folder);
	eforms_notice_id(g->id, subtype, notice);
	if (eforms_date_time(now, d, t, err) != AV_OK)
		return err->code;
	snprintf(st, sizeof(st), "%d", subtype);

	if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
		x->failed = 1;
	x_root(x, subtype);
	x_start(x, "ext:UBLExtensions");
	x_start(x, "ext:UBLExtension");
	x_start(x, "ext:ExtensionContent");
	x_start(x, "efext:EformsExtension");
	if (subtype == 29)
		x_notice_result(x, g, e, ne, &rc, err);
	x_start(x, "efac:NoticeSubType");
	x_el(x, "cbc:SubTypeCode", "listName", "notice-subtype", st);
	x_end(x);
	x_organizations(x, g, e, ne);
	x_end(x);
	x_end(x);
	x_end(x);
	x_end(x);
	x_text(x, "cbc:UBLVersionID", "2.3");
	x_text(x, "cbc:CustomizationID", EFORMS_CUSTOMIZATION);
	x_el(x, "cbc:ID", "schemeName", "notice-id", notice);
	x_text(x, "cbc:ContractFolderID", folder);
	x_text(x, "cbc:IssueDate", d);
	x_text(x, "cbc:IssueTime", t);
	x_text(x, "cbc:VersionID", "01");
	x_text(x, "cbc:RegulatoryDomain", "32014L0024");
	if (subtype == 16)
		x_el(x, "cbc:NoticeTypeCode", "listName", "competition",
		     "cn-standard");
	else
		x_el(x, "cbc:NoticeTypeCode", "listName", "result",
		     "can-standard");
	x_text(x, "cbc:NoticeLanguageCode", LANG);

	x_start(x, "cac:ContractingParty");
	x_start(x, "cac:ContractingPartyType");
	x_el(x, "cbc:PartyTypeCode", "listName", "buyer-legal-type", "la");
	x_end(x);
	x_start(x, "cac:ContractingActivity");
	x_el(x, "cbc:ActivityTypeCode", "listName", "authority-activity",
	     "gen-pub");
	x_end(x);
	x_org_ref(x, "cac:Party", ORG_BUYER);
	x_end(x);

	if (subtype == 16) {
		x_start(x, "cac:TenderingTerms");
		x_start(x, "cac:TendererQualificationRequest");
		x_start(x, "cac:SpecificTendererRequirement");
		x_el(x, "cbc:TendererRequirementTypeCode", "listName",
		     "exclusion-grounds-source", "epo-procurement-document");
		x_end(x);
		x_end(x);
		x_end(x);
	}
	x_start(x, "cac:TenderingProcess");
	x_el(x, "cbc:ProcedureCode", "listName", "procurement-procedure-type",
	     eforms_procedure_code(g->procedura));
	if (subtype == 16) {
		x_start(x, "cac:ProcessJustification");
		x_el(x, "cbc:ProcessReasonCode", "listName",
		     "accelerated-procedure", "false");
		x_end(x);
	}
	x_end(x);
	x_procedure_project(x, g);
	for (i = 0; i < g->n_lotti; i++)
		x_lot(x, g, &g->lotti[i], subtype, portal, &rc, err);
	if (subtype == 29) {
		for (i = 0; i < ne; i++)
			if (award < 0 || e[i].aggiudicata_at < award)
				award = e[i].aggiudicata_at;
		if (rc == AV_OK)
			rc = eforms_date_time(award, d, t, err);
		x_start(x, "cac:TenderResult");
		x_text(x, "cbc:AwardDate", d);
		x_end(x);
	}
	x_end(x);
	if (xmlTextWriterEndDocument(x->w) < 0)
		x->failed = 1;
	return rc;
}

int
pcp_eforms_xml(const struct sua_view_gara *g, int subtype,
               const struct sua_view_esito *e, size_t ne, int64_t now,
               const char *portal, struct sbuf *out, struct av_err *err)
{
	xmlBufferPtr buf;
	struct xw x = {NULL, 0};
	int rc;

	if (pcp_eforms_check(g, subtype, e, ne, err) != AV_OK)
		return err->code;
	buf = xmlBufferCreate();
	if (buf == NULL || (x.w = xmlNewTextWriterMemory(buf, 0)) == NULL) {
		xmlBufferFree(buf);
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	xmlTextWriterSetIndent(x.w, 1);
	xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
	rc = write_notice(&x, g, subtype, e, ne, now, portal, err);
	xmlFreeTextWriter(x.w); /* flushes into buf */
	if (rc == AV_OK && x.failed)
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	if (rc == AV_OK && (size_t)xmlBufferLength(buf) > EFORMS_NOTICE_MAX)
		rc = av_fail(err, AV_ETOOBIG, NULL,
		             "L'avviso eForms supera la dimensione massima.");
	if (rc == AV_OK) {
		sbuf_add(out, xmlBufferContent(buf),
		         (size_t)xmlBufferLength(buf));
		if (sbuf_err(out))
			rc = av_fail(err, AV_ETOOBIG, NULL,
			             "L'avviso eForms supera la dimensione"
			             " massima.");
	}
	xmlBufferFree(buf);
	return rc;
}

int
pcp_eforms_build(struct db *db, int64_t gara_id, int subtype, int64_t now,
                 const char *portal, struct sbuf *out, struct av_err *err)
{
	static _Thread_local struct sua_view_esito esiti[SUA_VIEW_LOTS_MAX];
	struct sua_view_gara g;
	size_t ne = 0;
	int found = 0, rc;

	if (sua_view_load(db, gara_id, &g, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, NULL, "Gara non trovata.");
	rc = sua_view_esiti(db, gara_id, esiti, SUA_VIEW_LOTS_MAX, &ne, err);
	if (rc == AV_OK)
		rc = pcp_eforms_xml(&g, subtype, esiti, ne, now, portal, out,
		                    err);
	sua_view_free(&g);
	return rc;
}

void
eforms_notice_id(int64_t gara_id, int subtype, char out[37])
{
	char name[96];

	snprintf(name, sizeof(name), "areavasta:gara:%" PRId64 ":avviso:%d",
	         gara_id, subtype);
	eforms_uuid(name, out);
}
