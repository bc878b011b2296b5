/*
 * throttle_test.c - the account's growing delay: none up to the free
 * failures, then doubling from one second, never past the cap (the owner
 * waits at most THROTTLE_DELAY_MAX_S, however long a spray goes on).
 */
#include <criterion/criterion.h>

#include "identity/identity.h"

Test(throttle, account_delay_grows_and_is_capped)
{
	cr_assert_eq(throttle_account_delay(0), 0);
	cr_assert_eq(throttle_account_delay(THROTTLE_ACCOUNT_FREE - 1), 0);
	cr_assert_eq(throttle_account_delay(THROTTLE_ACCOUNT_FREE), 1);
	cr_assert_eq(throttle_account_delay(THROTTLE_ACCOUNT_FREE + 1), 2);
	cr_assert_eq(throttle_account_delay(THROTTLE_ACCOUNT_FREE + 5), 32);
	cr_assert_eq(throttle_account_delay(THROTTLE_ACCOUNT_FREE + 6),
	             THROTTLE_DELAY_MAX_S);
	cr_assert_eq(throttle_account_delay(1000000), THROTTLE_DELAY_MAX_S);
	cr_assert_eq(throttle_account_delay(INT64_MAX), THROTTLE_DELAY_MAX_S);
}
