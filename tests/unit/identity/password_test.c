/*
 * password_test.c - password policy at its bounds, argon2id round trip,
 * one-time passwords, tokens and their hashes.
 */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "identity/identity.h"

static void
init(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(password, .init = init);

Test(password, policy_length_in_code_points)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(password_policy_check("12345678901", NULL, &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "password");
	av_err_clear(&err);
	cr_assert_eq(password_policy_check("123456789012", NULL, &err), AV_OK);
	/* 11 code points, 22 bytes: too short */
	cr_assert_eq(password_policy_check("èèèèèèèèèèè", NULL, &err),
	             AV_EINVAL);
	av_err_clear(&err);
	cr_assert_eq(password_policy_check("èèèèèèèèèèèè", NULL, &err), AV_OK);
}

Test(password, policy_not_the_email_and_bounded)
{
	struct av_err err = AV_ERR_INIT;
	char big[PASSWORD_MAX_LEN + 2];

	cr_assert_eq(password_policy_check("Mario@Example.org",
	                                   "mario@example.org", &err),
	             AV_EINVAL);
	av_err_clear(&err);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cr_assert_eq(password_policy_check(big, NULL, &err), AV_EINVAL);
	av_err_clear(&err);
	big[PASSWORD_MAX_LEN] = '\0';
	cr_assert_eq(password_policy_check(big, NULL, &err), AV_OK);
}

Test(password, hash_and_verify)
{
	struct av_err err = AV_ERR_INIT;
	char hash[PASSWORD_HASH_MAX];

	cr_assert_eq(password_hash("correct horse battery", hash, &err), AV_OK);
	cr_assert(strncmp(hash, "$argon2id$", 10) == 0, "%s", hash);
	cr_assert(password_verify(hash, "correct horse battery"));
	cr_assert_not(password_verify(hash, "correct horse batterY"));
	cr_assert_not(password_verify(hash, ""));
	password_verify_dummy("whatever");
}

Test(password, generated_are_20_unambiguous_chars_and_differ)
{
	char a[21], b[21];
	size_t i;

	password_generate(a);
	password_generate(b);
	cr_assert_eq(strlen(a), 20);
	cr_assert_str_neq(a, b);
	for (i = 0; i < 20; i++)
		cr_assert(strchr("0O1lI", a[i]) == NULL);
}

Test(token, random_tokens_and_hashes)
{
	char t1[TOKEN_TEXT_LEN + 1], t2[TOKEN_TEXT_LEN + 1], h[65];

	token_random(t1);
	token_random(t2);
	cr_assert_eq(strlen(t1), TOKEN_TEXT_LEN);
	cr_assert_str_neq(t1, t2);
	cr_assert(strspn(t1,
	                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789-_") == TOKEN_TEXT_LEN);
	token_hash_hex("abc", h);
	cr_assert_str_eq(
	    h,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
