/*
 * valid_test.c - the pure validators: known valid and invalid codes of
 * every kind (published examples, real CIGs from the ANAC open data of
 * shared/data/anac, the test vectors of LAW.md 9.1), and malformed input
 * of every shape (empty, too long, lowercase, non-ASCII, NUL, spaces).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "valid/valid.h"

#define S(x) (x), strlen(x)

Test(cf, published_examples)
{
	struct cf_info i;

	cr_assert_null(valid_cf_persona(S("RSSMRA79B11C566R"), &i));
	cr_assert_eq(i.sesso, 'M');
	cr_assert_eq(i.anno2, 79);
	cr_assert_eq(i.mese, 2);
	cr_assert_eq(i.giorno, 11);
	cr_assert_str_eq(i.belfiore, "C566");
	cr_assert_eq(i.omocodia, 0);
	cr_assert_null(valid_cf_persona(S("RSSFNC80T31F205U"), NULL));
}

Test(cf, omocodia)
{
	struct cf_info i;

	/* digits replaced right to left: 6 -> S, 6 -> S, 5 -> R */
	cr_assert_null(valid_cf_persona(S("RSSMRA79B11C56SO"), &i));
	cr_assert_eq(i.omocodia, 1);
	cr_assert_str_eq(i.belfiore, "C566");
	cr_assert_null(valid_cf_persona(S("RSSMRA79B11C5SSA"), &i));
	cr_assert_str_eq(i.belfiore, "C566");
	cr_assert_null(valid_cf_persona(S("RSSMRA79B11C5RSZ"), &i));
	cr_assert_str_eq(i.belfiore, "C556");
	cr_assert_null(valid_cf_persona(S("RSSMRATVB11C566A"), &i));
	cr_assert_eq(i.anno2, 79);
	/* woman: day + 40 */
	cr_assert_null(valid_cf_persona(S("RSSMRA79B51C566V"), &i));
	cr_assert_eq(i.sesso, 'F');
	cr_assert_eq(i.giorno, 11);
}

Test(cf, invalid)
{
	static const char *const bad[] = {
	    "RSSMRA79B11C566S", /* wrong check letter */
	    "RSSMRA79B11C56SR", /* omocodia, check of the original */
	    "RSSMRA79Z11C566R", /* month letter */
	    "RSSMRA79B32C566R", /* day 32 */
	    "RSSMRA79B00C566R", /* day 0 */
	    "RSSMRA79BA1C566R", /* A not an omocodia letter */
	    "RSSMR479B11C566R", /* digit in the name */
	    "RSSMRA79B111566R", /* belfiore must start with a letter */
	    "RSSMRA79B11C5665", /* check must be a letter */
	    "rssmra79b11c566r",  "RSSMRA79B11C566",
	    "RSSMRA79B11C566RR", "",
	    " RSSMRA79B11C566R", "RSSMRA79B11C566\xc3\xa8",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not_null(valid_cf_persona(S(bad[i]), NULL), "%s",
		                   bad[i]);
	cr_assert_not_null(valid_cf_persona("RSSMRA79\0B11C566R", 17, NULL));
	cr_assert(strstr(valid_cf_persona(S("rssmra79b11c566r"), NULL),
	                 "minuscole") != NULL);
	cr_assert(strstr(valid_cf_persona(S("RSSMRA79B11C566\xc3\xa8"), NULL),
	                 "ASCII") != NULL);
	cr_assert_str_eq(valid_cf_persona("", 0, NULL), "codice vuoto");
	cr_assert_not_null(valid_cf_persona(NULL, 0, NULL));
}

Test(cf, numeric_dispatch)
{
	struct cf_info i;
	int numeric;

	cr_assert_null(valid_cf(S("02342520158"), &i, &numeric));
	cr_assert_eq(numeric, 1);
	cr_assert_null(valid_cf(S("RSSMRA79B11C566R"), &i, &numeric));
	cr_assert_eq(numeric, 0);
	cr_assert_not_null(valid_cf(S("02342520159"), &i, &numeric));
}

Test(piva, valid_and_invalid)
{
	cr_assert_null(valid_piva(S("86334519757"), 0));
	cr_assert_null(valid_piva(S("02342520158"), 0));
	cr_assert_null(valid_piva(S("IT02342520158"), 1));
	cr_assert_not_null(valid_piva(S("IT02342520158"), 0));
	cr_assert_not_null(valid_piva(S("86334519758"), 0));
	cr_assert_not_null(valid_piva(S("00000000000"), 0));
	cr_assert_not_null(valid_piva(S("0234252015"), 0));
	cr_assert_not_null(valid_piva(S("023425201580"), 0));
	cr_assert_not_null(valid_piva(S("0234252015A"), 0));
	cr_assert_not_null(valid_piva(S("02342520158 "), 0));
	cr_assert_not_null(valid_piva(S("it02342520158"), 1));
	cr_assert_not_null(valid_piva(S(""), 0));
	cr_assert_not_null(valid_piva(S("０2342520158"), 0));
}

Test(cig, law_vectors)
{
	static const char *const ok[] = {
	    "1234567CE7", "00000010D3", "A0000011A6", "B0ABCDE183",
	    "UFFFFFF521", "ZD30000001", "XC81A2B3C4"};
	enum cig_kind k;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		cr_assert_null(valid_cig(S(ok[i]), &k), "%s", ok[i]);
	cr_assert_null(valid_cig(S("1234567CE7"), &k));
	cr_assert_eq(k, CIG_SIMOG_V1);
	cr_assert_null(valid_cig(S("B0ABCDE183"), &k));
	cr_assert_eq(k, CIG_SIMOG_V2_PCP);
	cr_assert_null(valid_cig(S("ZD30000001"), &k));
	cr_assert_eq(k, CIG_SMARTCIG);
	cr_assert_not_null(valid_cig(S("1234567DE8"), &k));
}

Test(cig, real_anac_cigs)
{
	/* From shared/data/anac/cig_csv_sample_20231001.csv */
	static const char *const real[] = {
	    "9914876E7F", "99106352BA", "98857792E8", "9919023CB6",
	    "990868270E", "99313991B9", "99739679F0", "9964955CFF",
	    "A005FC04C3", "A003270025", "A00518EDE1", "A005544DD8",
	    "A007F7819A", "A005A5080B", "A0080D94E7", "A006B83983",
	};
	enum cig_kind k;
	size_t i;

	for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		char mut[11];

		cr_assert_null(valid_cig(S(real[i]), &k), "%s", real[i]);
		/* any change of the last character breaks the checksum */
		memcpy(mut, real[i], 11);
		mut[9] = mut[9] == '0' ? '1' : '0';
		cr_assert_not_null(valid_cig(mut, 10, &k), "%s", mut);
	}
}

Test(cig, whole_anac_sample_if_present)
{
	FILE *f =
	    fopen("/work/shared/data/anac/cig_csv_sample_20231001.csv", "r");
	char line[8192];
	enum cig_kind k;
	int n = 0;

	if (f == NULL)
		cr_skip_test("ANAC sample not available");
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] != '"' || line[11] != '"' || line[1] == 'c')
			continue;
		cr_assert_null(valid_cig(line + 1, 10, &k), "%.10s", line + 1);
		n++;
	}
	fclose(f);
	cr_assert_gt(n, 1000);
}

Test(cig, malformed)
{
	static const char *const bad[] = {
	    "",
	    "1234567CE",
	    "1234567CE70",
	    "1234567ce7",
	    "V000001000",
	    "W000001000",
	    "Z000000000",
	    "123456ACE7",
	    "A00000G1A6",
	    "1234567CG7",
	    "ZG30000001",
	    " 234567CE7",
	    "1234567CE\xc3",
	    "12345\x00"
	    "7CE7",
	};
	enum cig_kind k;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not_null(
		    valid_cig(bad[i], i == 13 ? 10 : strlen(bad[i]), &k), "%zu",
		    i);
	cr_assert(strstr(valid_cig(S("1234567ce7"), &k), "minuscole"));
}

Test(cup, format)
{
	cr_assert_null(valid_cup(S("J51B21005010006")));
	cr_assert_null(valid_cup(S("B81G22000050001")));
	cr_assert_not_null(valid_cup(S("J51B2100501000")));
	cr_assert_not_null(valid_cup(S("J51B210050100066")));
	cr_assert_not_null(valid_cup(S("151B21005010006")));
	cr_assert_not_null(valid_cup(S("J5AB21005010006")));
	cr_assert_not_null(valid_cup(S("J511210050100066")));
	cr_assert_not_null(valid_cup(S("j51b21005010006")));
	cr_assert_not_null(valid_cup(S("")));
}

Test(cpv, format)
{
	char code[9];
	int check;

	cr_assert_null(valid_cpv_format(S("45233141-9"), code, &check));
	cr_assert_str_eq(code, "45233141");
	cr_assert_eq(check, 9);
	cr_assert_null(valid_cpv_format(S("03000000"), code, &check));
	cr_assert_eq(check, -1);
	cr_assert_not_null(valid_cpv_format(S("4523314-9"), code, &check));
	cr_assert_not_null(valid_cpv_format(S("45233141-"), code, &check));
	cr_assert_not_null(valid_cpv_format(S("45233141-99"), code, &check));
	cr_assert_not_null(valid_cpv_format(S("45233141_9"), code, &check));
	cr_assert_not_null(valid_cpv_format(S("4523314A-9"), code, &check));
	cr_assert_not_null(valid_cpv_format(S("00000000"), code, &check));
	cr_assert_not_null(valid_cpv_format(S(""), code, &check));
}

Test(istat, format)
{
	cr_assert_null(valid_istat_comune(S("028001")));
	cr_assert_null(valid_istat_comune(S("058091")));
	cr_assert_not_null(valid_istat_comune(S("28001")));
	cr_assert_not_null(valid_istat_comune(S("0280011")));
	cr_assert_not_null(valid_istat_comune(S("02800A")));
	cr_assert_not_null(valid_istat_comune(S("028000")));
	cr_assert_not_null(valid_istat_comune(S("000001")));
}

Test(all, too_long_input_is_refused_without_reading_past)
{
	char big[4096];

	memset(big, 'A', sizeof(big));
	cr_assert_str_eq(valid_cf_persona(big, sizeof(big), NULL),
	                 "codice troppo lungo");
	cr_assert_str_eq(valid_piva(big, sizeof(big), 1),
	                 "codice troppo lungo");
	cr_assert_not_null(valid_cup(big, sizeof(big)));
	cr_assert_not_null(valid_istat_comune(big, sizeof(big)));
}
