/*
 * sua.c - `areavasta sua procedura|termini|anomalia`: the SUA rules engine
 * from the command line.
 *
 * procedura: which procedures, terms, contribution and qualification apply
 * to a contract (src/modules/sua/rules.h); termini: the legal minimum time
 * limit from the transmission date (src/modules/sua/termini.h), bad input
 * being a usage error (exit 2); anomalia: the anomaly threshold
 * of Allegato II.2 over the offers read from standard input, one discount
 * per line (src/modules/sua/anomaly.h).  Both print one JSON document on
 * stdout; errors go to stderr through cli_report.  Exit: 0 ok, 1 failure,
 * 2 usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "json/jw.h"
#include "modules/settings/settings.h"
#include "modules/sua/anomaly.h"
#include "modules/sua/rules.h"
#include "modules/sua/termini.h"

static const char usage_sua[] =
    "uso: areavasta sua procedura [opzioni]   procedura, termini, "
    "contributo ANAC, qualificazione\n"
    "     areavasta sua termini [opzioni]   termine minimo di legge dalla "
    "data di invio\n"
    "     areavasta sua anomalia [opzioni] < offerte.txt   soglia di "
    "anomalia (All. II.2)\n"
    "     areavasta sua sorteggio --seed S --candidati FILE   sorteggio "
    "pubblico riproducibile\n"
    "Usare 'areavasta sua procedura --help' (o termini, anomalia, sorteggio) "
    "per le "
    "opzioni.\n";

static const char usage_proc[] =
    "uso: areavasta sua procedura --tipo lavori|servizi|forniture\n"
    "         --importo EURO --data AAAA-MM-GG [--lotti N] [--lotto EURO]...\n"
    "         [--interesse-transfrontaliero] [--ente comune|provincia]\n"
    "         [--qualificazione L1..L3,SF1..SF3|nessuna]\n"
    "         [--criterio prezzo|oepv] [--patrono GG/MM]\n"
    "         [--proroga-festivi si|no] [--compatto]\n"
    "  --importo   valore stimato al netto dell'IVA (es. 150000.00)\n"
    "  --data      data di invio del bando o degli inviti (art. 14 c.7)\n"
    "  --lotti N   N lotti di pari importo; --lotto EURO (ripetibile) per\n"
    "              lotti di importo diverso (la somma decide la soglia)\n"
    "  --patrono   santo patrono (festivo) per le scadenze dei termini\n"
    "  --proroga-festivi  scadenza di sabato o festivo al primo giorno\n"
    "              lavorativo (predefinito si; reg. CEE 1182/71 art. 3)\n"
    "Stampa un JSON con regime, procedure ammesse, termini, standstill,\n"
    "contributo ANAC, esclusione automatica, qualificazione, warnings.\n";

static const char usage_termini[] =
    "uso: areavasta sua termini --procedura aperta|ristretta|negoziata|...\n"
    "         --invio AAAA-MM-GG|gg/mm/aaaa\n"
    "         [--riduzione urgenza|preinformazione|subcentrale|nessuna]\n"
    "         [--fase offerte|domande] [--patrono GG/MM]\n"
    "         [--proroga-festivi si|no] [--compatto]\n"
    "  --procedura  aperta, ristretta, negoziata (competitiva con\n"
    "               negoziazione, art. 73), dialogo_competitivo,\n"
    "               partenariato_innovazione\n"
    "  --invio      data di trasmissione del bando (o degli inviti, per\n"
    "               le offerte della procedura ristretta)\n"
    "  --fase       obbligatoria per le procedure con due termini\n"
    "  --patrono    santo patrono (festivo) per la scadenza\n"
    "  --proroga-festivi  scadenza di sabato o festivo al primo giorno\n"
    "               lavorativo (predefinito si; reg. CEE 1182/71 art. 3)\n"
    "Stampa un JSON con termine_minimo (AAAA-MM-GG e gg/mm/aaaa), giorni,\n"
    "regola e riferimento.  Dati non validi: messaggio ed esito 2.\n";

static const char usage_anom[] =
    "uso: areavasta sua anomalia --metodo A|B|C [--sconto-riferimento E]\n"
    "         [--compatto] < offerte.txt\n"
    "  Una offerta (ribasso percentuale) per riga, come presentata, es.\n"
    "  14.320 (punto decimale, al massimo 6 decimali, tra 0 e 100).\n"
    "  Righe vuote e righe che iniziano con # sono ignorate.\n"
    "  --sconto-riferimento E  obbligatorio con il metodo C (es. 24.000)\n"
    "Stampa un JSON con tutti i passaggi: ali, somma, media, scarto medio,\n"
    "soglia (decimale ed esatta), offerte escluse, vincitrice.\n";

static int
usage_error(const char *usage, const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "areavasta sua: %s\n", msg);
	fputs(usage, stderr);
	return EXIT_USAGE;
}

/* One answer of the SUA calculators: a few KB; the cap only bounds a bug. */
#define SUA_CLI_JSON_MAX ((size_t)1 << 20)

/* An answer written with the JSON writer, then printed (answer_print). */
struct answer {
	struct sbuf sb;
	struct jw w;
};

static struct jw *
answer_begin(struct answer *a)
{
	sbuf_init(&a->sb, SUA_CLI_JSON_MAX);
	jw_init(&a->w, &a->sb);
	return &a->w;
}

/* Prints the answer, laid out for people unless compact; releases it. */
static int
answer_print(struct answer *a, int compact)
{
	int rc = cli_print_jw(&a->w, compact ? 0 : 2);

	sbuf_release(&a->sb);
	return rc;
}

static int
cmd_procedura(int argc, char **argv)
{
	enum {
		O_TIPO = 1,
		O_IMPORTO,
		O_DATA,
		O_LOTTI,
		O_LOTTO,
		O_CB,
		O_ENTE,
		O_QUAL,
		O_CRIT,
		O_COMPACT,
		O_HELP,
		O_PATRONO,
		O_PROROGA
	};
	static const struct option opts[] = {
	    {"tipo", required_argument, NULL, O_TIPO},
	    {"importo", required_argument, NULL, O_IMPORTO},
	    {"data", required_argument, NULL, O_DATA},
	    {"lotti", required_argument, NULL, O_LOTTI},
	    {"lotto", required_argument, NULL, O_LOTTO},
	    {"interesse-transfrontaliero", no_argument, NULL, O_CB},
	    {"ente", required_argument, NULL, O_ENTE},
	    {"qualificazione", required_argument, NULL, O_QUAL},
	    {"criterio", required_argument, NULL, O_CRIT},
	    {"compatto", no_argument, NULL, O_COMPACT},
	    {"help", no_argument, NULL, O_HELP},
	    {"patrono", required_argument, NULL, O_PATRONO},
	    {"proroga-festivi", required_argument, NULL, O_PROROGA},
	    {NULL, 0, NULL, 0},
	};
	static struct sua_rules_in in;
	struct settings_time st;
	static struct sua_rules_result res;
	struct answer ans;
	struct av_err err = AV_ERR_INIT;
	int c, have_tipo = 0, have_imp = 0, compact = 0;
	int64_t nlots = 0;

	memset(&in, 0, sizeof(in));
	settings_time_default(&st);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PATRONO:
			if (settings_time_apply(&st, "patrono", optarg, &err) !=
			    AV_OK)
				return usage_error(usage_proc, err.msg);
			break;
		case O_PROROGA:
			if (settings_time_apply(&st, "proroga_festivi", optarg,
			                        &err) != AV_OK)
				return usage_error(usage_proc, err.msg);
			break;
		case O_TIPO:
			if (sua_obj_parse(optarg, &in.obj) != 0)
				return usage_error(usage_proc,
				                   "--tipo deve essere lavori, "
				                   "servizi o forniture");
			have_tipo = 1;
			break;
		case O_IMPORTO:
			if (parse_euro_cents(optarg, strlen(optarg),
			                     &in.amount_cents) != 0)
				return usage_error(usage_proc,
				                   "--importo non valido: "
				                   "usare euro con punto "
				                   "decimale, es. 150000.00");
			have_imp = 1;
			break;
		case O_DATA:
			if (strlen(optarg) != 10)
				return usage_error(usage_proc,
				                   "--data deve essere "
				                   "AAAA-MM-GG");
			memcpy(in.date, optarg, 11);
			break;
		case O_LOTTI:
			if (parse_i64(optarg, strlen(optarg), 1, SUA_LOTS_MAX,
			              &nlots) != 0)
				return usage_error(usage_proc,
				                   "--lotti deve essere un "
				                   "intero tra 1 e 200");
			break;
		case O_LOTTO:
			if (in.nlots >= SUA_LOTS_MAX)
				return usage_error(usage_proc,
				                   "troppi --lotto (max 200)");
			if (parse_euro_cents(optarg, strlen(optarg),
			                     &in.lot_cents[in.nlots]) != 0)
				return usage_error(usage_proc,
				                   "--lotto non valido: usare "
				                   "euro, es. 75000.00");
			in.nlots++;
			break;
		case O_CB:
			in.cross_border = 1;
			break;
		case O_ENTE:
			if (strcmp(optarg, "comune") == 0)
				in.ente = SUA_ENTE_COMUNE;
			else if (strcmp(optarg, "provincia") == 0)
				in.ente = SUA_ENTE_PROVINCIA;
			else
				return usage_error(usage_proc,
				                   "--ente deve essere comune "
				                   "o provincia");
			break;
		case O_QUAL:
			if (sua_rules_parse_qual(optarg, &in.qual,
			                         "qualificazione", &err) != 0)
				return usage_error(usage_proc, err.msg);
			break;
		case O_CRIT:
			if (strcmp(optarg, "prezzo") == 0)
				in.criterio = SUA_CRIT_PREZZO;
			else if (strcmp(optarg, "oepv") == 0)
				in.criterio = SUA_CRIT_OEPV;
			else
				return usage_error(usage_proc,
				                   "--criterio deve essere "
				                   "prezzo o oepv");
			break;
		case O_COMPACT:
			compact = 1;
			break;
		case O_HELP:
			fputs(usage_proc, stdout);
			return 0;
		default:
			return usage_error(usage_proc,
			                   "opzione sconosciuta o senza "
			                   "valore");
		}
	}
	if (optind < argc)
		return usage_error(usage_proc, "argomento inatteso");
	if (!have_tipo || in.date[0] == '\0' || (!have_imp && in.nlots == 0))
		return usage_error(usage_proc,
		                   "servono --tipo, --importo e --data");
	if (nlots > 0 && in.nlots > 0)
		return usage_error(usage_proc,
		                   "usare --lotti oppure --lotto, non "
		                   "entrambi");
	if (nlots > 0 && sua_rules_split_lots(&in, (size_t)nlots) != 0)
		return usage_error(usage_proc, "--lotti non valido");
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	if (sua_rules_classify(&in, &res, &err) != AV_OK)
		return cli_report(&err);
	sua_rules_write(answer_begin(&ans), &res);
	return answer_print(&ans, compact);
}

static int
cmd_termini(int argc, char **argv)
{
	enum {
		O_PROC = 1,
		O_INVIO,
		O_RID,
		O_FASE,
		O_PATRONO,
		O_PROROGA,
		O_COMPACT,
		O_HELP
	};
	static const struct option opts[] = {
	    {"procedura", required_argument, NULL, O_PROC},
	    {"invio", required_argument, NULL, O_INVIO},
	    {"riduzione", required_argument, NULL, O_RID},
	    {"fase", required_argument, NULL, O_FASE},
	    {"patrono", required_argument, NULL, O_PATRONO},
	    {"proroga-festivi", required_argument, NULL, O_PROROGA},
	    {"compatto", no_argument, NULL, O_COMPACT},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct sua_termini_in in = {0};
	struct sua_termini_out out;
	struct settings_time st;
	struct answer ans;
	struct av_err err = AV_ERR_INIT;
	int c, compact = 0;
	char msg[sizeof(err.msg) + sizeof(err.field) + 4];

	settings_time_default(&st);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PROC:
			in.procedura = optarg;
			break;
		case O_INVIO:
			in.invio = optarg;
			break;
		case O_RID:
			in.riduzione = optarg;
			break;
		case O_FASE:
			in.fase = optarg;
			break;
		case O_PATRONO:
			if (settings_time_apply(&st, "patrono", optarg, &err) !=
			    AV_OK)
				return usage_error(usage_termini, err.msg);
			break;
		case O_PROROGA:
			if (settings_time_apply(&st, "proroga_festivi", optarg,
			                        &err) != AV_OK)
				return usage_error(usage_termini, err.msg);
			break;
		case O_COMPACT:
			compact = 1;
			break;
		case O_HELP:
			fputs(usage_termini, stdout);
			return 0;
		default:
			return usage_error(usage_termini,
			                   "opzione sconosciuta o senza "
			                   "valore");
		}
	}
	if (optind < argc)
		return usage_error(usage_termini, "argomento inatteso");
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	if (sua_termini(&in, &out, &err) == AV_OK) {
		sua_termini_write(answer_begin(&ans), &in, &out);
		return answer_print(&ans, compact);
	}
	if (err.code != AV_EINVAL)
		return cli_report(&err);
	/* The same message and field as the API's 400, as a usage error. */
	snprintf(msg, sizeof(msg), "%s [--%s]", err.msg, err.field);
	return usage_error(usage_termini, msg);
}

/* Offers file cap: SUA_ANOM_MAX_OFFERS lines of SUA_ANOM_LINE_MAX bytes. */
#define OFFERS_INPUT_MAX ((size_t)SUA_ANOM_MAX_OFFERS * (SUA_ANOM_LINE_MAX + 2))

static int
read_stdin(struct sbuf *sb)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		sbuf_add(sb, chunk, n);
		if (sbuf_err(sb))
			return -1;
	}
	return ferror(stdin) ? -2 : 0;
}

static int
cmd_anomalia(int argc, char **argv)
{
	enum { O_METODO = 1, O_E, O_COMPACT, O_HELP };
	static const struct option opts[] = {
	    {"metodo", required_argument, NULL, O_METODO},
	    {"sconto-riferimento", required_argument, NULL, O_E},
	    {"compatto", no_argument, NULL, O_COMPACT},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct answer ans;
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(OFFERS_INPUT_MAX);
	struct sua_offers offers;
	struct sua_anom_in ain;
	struct sua_anom_result *res;
	const char *e_str = NULL;
	int c, compact = 0, rc;

	memset(&ain, 0, sizeof(ain));
	ain.metodo = SUA_ANOM__NONE;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_METODO:
			if (sua_anom_method_parse(optarg, &ain.metodo) != 0)
				return usage_error(usage_anom,
				                   "--metodo deve essere A, B "
				                   "o C");
			break;
		case O_E:
			e_str = optarg;
			break;
		case O_COMPACT:
			compact = 1;
			break;
		case O_HELP:
			fputs(usage_anom, stdout);
			return 0;
		default:
			return usage_error(usage_anom,
			                   "opzione sconosciuta o senza "
			                   "valore");
		}
	}
	if (optind < argc)
		return usage_error(usage_anom,
		                   "argomento inatteso: le offerte si leggono "
		                   "dallo standard input");
	if (ain.metodo == SUA_ANOM__NONE)
		return usage_error(usage_anom, "serve --metodo A|B|C");
	if (e_str != NULL) {
		if (sua_offer_parse(e_str, strlen(e_str), &ain.e) != 0)
			return usage_error(usage_anom,
			                   "--sconto-riferimento non valido: "
			                   "usare un decimale tra 0 e 100, es. "
			                   "24.000");
		ain.has_e = 1;
	}
	if (ain.metodo == SUA_ANOM_C && !ain.has_e)
		return usage_error(usage_anom, "il metodo C richiede "
		                               "--sconto-riferimento");
	rc = read_stdin(&sb);
	if (rc == -1) {
		sbuf_release(&sb);
		av_fail(&err, AV_ETOOBIG, NULL,
		        "Troppe offerte o righe troppo lunghe: al massimo %d "
		        "offerte",
		        SUA_ANOM_MAX_OFFERS);
		return cli_report(&err);
	}
	if (rc == -2) {
		sbuf_release(&sb);
		av_fail(&err, AV_EIO, NULL,
		        "Impossibile leggere le offerte dallo standard input");
		return cli_report(&err);
	}
	sua_offers_init(&offers);
	if (sua_offers_parse_text(sb.buf, sb.len, &offers, &err) != AV_OK) {
		sbuf_release(&sb);
		sua_offers_release(&offers);
		return cli_report(&err);
	}
	sbuf_release(&sb);
	ain.offers = offers.v;
	ain.n = offers.n;
	res = sua_anom_compute(&ain, &err);
	sua_offers_release(&offers);
	if (res == NULL)
		return cli_report(&err);
	sua_anom_write(answer_begin(&ans), res);
	rc = answer_print(&ans, compact);
	sua_anom_free(res);
	return rc;
}

int
cli_sua(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(usage_sua, "manca il comando");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_sua, stdout);
		return 0;
	}
	if (strcmp(argv[1], "procedura") == 0)
		return cmd_procedura(argc - 1, argv + 1);
	if (strcmp(argv[1], "termini") == 0)
		return cmd_termini(argc - 1, argv + 1);
	if (strcmp(argv[1], "anomalia") == 0)
		return cmd_anomalia(argc - 1, argv + 1);
	if (strcmp(argv[1], "sorteggio") == 0)
		return cli_sua_sorteggio(argc - 1, argv + 1);
	return usage_error(usage_sua, "comando sconosciuto");
}
