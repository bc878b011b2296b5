/*
 * ciclo_test.c - the pure parts of the PCP lifecycle (ciclo.h): the
 * backoff between attempts at its edges (first attempt, doubling, the cap,
 * huge attempt counts that must not overflow) and the Italian advice for
 * each family of ANAC error codes.  The lifecycle itself runs end to end
 * against the stubs in tests/http/pcp-ciclo.test.mjs.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "modules/pcp/ciclo.h"

Test(pcp_ciclo, backoff_doubles_up_to_the_cap)
{
	cr_assert_eq(pcp_backoff(0, 900), 1);
	cr_assert_eq(pcp_backoff(1, 900), 1);
	cr_assert_eq(pcp_backoff(2, 900), 2);
	cr_assert_eq(pcp_backoff(3, 900), 4);
	cr_assert_eq(pcp_backoff(10, 900), 512);
	cr_assert_eq(pcp_backoff(11, 900), 900);
	cr_assert_eq(pcp_backoff(INT64_MAX, 900), 900);
	cr_assert_eq(pcp_backoff(5, 3), 3);
}

Test(pcp_ciclo, advice_per_error_family)
{
	cr_assert(strstr(pcp_errore_consiglio("SEC1"), "AUSA") != NULL);
	cr_assert(strstr(pcp_errore_consiglio("AUT3"), "PDND") != NULL);
	cr_assert(strstr(pcp_errore_consiglio("REG12"), "Regola") != NULL);
	cr_assert(strstr(pcp_errore_consiglio("TED_ERR"), "TED") != NULL);
	cr_assert(strstr(pcp_errore_consiglio("ERR46"), "eForm") != NULL);
	cr_assert(strstr(pcp_errore_consiglio("ERR2"), "fase") != NULL);
	cr_assert(strstr(pcp_errore_consiglio("ERR99"), "correggere") != NULL);
	cr_assert(strstr(pcp_errore_consiglio(""), "riprovare") != NULL);
	cr_assert(strstr(pcp_errore_consiglio(NULL), "riprovare") != NULL);
}
