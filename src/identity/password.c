/*
 * password.c - password policy, argon2id hashing and one-time passwords.
 *
 * Parameters: crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE
 * (argon2id, 2 passes, 64 MiB), libsodium's recommendation for interactive
 * logins; the measured cost is in docs/identity.md.  Hashes are
 * self-describing strings, so raising the parameters later only affects new
 * hashes (crypto_pwhash_str_needs_rehash tells which to refresh at login).
 */
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "core/utf8.h"
#include "identity/identity.h"

static unsigned slots_max; /* 0: not configured yet, one per core */
static unsigned slots_used;

void
password_slots_configure(unsigned n)
{
	__atomic_store_n(&slots_max, n, __ATOMIC_RELAXED);
}

static unsigned
slots_limit(void)
{
	unsigned n = __atomic_load_n(&slots_max, __ATOMIC_RELAXED);
	long cores;

	if (n > 0)
		return n;
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	n = cores > 0 ? (unsigned)cores : 1;
	__atomic_store_n(&slots_max, n, __ATOMIC_RELAXED);
	return n;
}

int
password_slot_acquire(struct av_err *err)
{
	unsigned limit = slots_limit();
	unsigned used = __atomic_load_n(&slots_used, __ATOMIC_RELAXED);

	do {
		if (used >= limit)
			return av_fail(
			    err, AV_EBUSY, NULL,
			    "Il server sta verificando altre password:"
			    " riprovare tra un secondo.");
	} while (!__atomic_compare_exchange_n(&slots_used, &used, used + 1, 0,
	                                      __ATOMIC_ACQUIRE,
	                                      __ATOMIC_RELAXED));
	return AV_OK;
}

void
password_slot_release(void)
{
	if (__atomic_fetch_sub(&slots_used, 1, __ATOMIC_RELEASE) == 0)
		AV_BUG("password slot released twice");
}

int
password_hash_bounded(const char *password, char *out, struct av_err *err)
{
	int rc;

	if (password_slot_acquire(err) != AV_OK)
		return err->code;
	rc = password_hash(password, out, err);
	password_slot_release();
	return rc;
}

int
password_verify_bounded(const char *hash, const char *password, int *ok,
                        struct av_err *err)
{
	*ok = 0;
	if (password_slot_acquire(err) != AV_OK)
		return err->code;
	*ok = password_verify(hash, password);
	password_slot_release();
	return AV_OK;
}

int
password_policy_check(const char *password, const char *email,
                      struct av_err *err)
{
	size_t len = strlen(password);

	if (len > PASSWORD_MAX_LEN)
		return av_fail(err, AV_EINVAL, "password",
		               "La password non può superare %d byte.",
		               PASSWORD_MAX_LEN);
	if (utf8_length(password) < PASSWORD_MIN_LEN)
		return av_fail(err, AV_EINVAL, "password",
		               "La password deve avere almeno %d caratteri.",
		               PASSWORD_MIN_LEN);
	if (email != NULL && strcasecmp(password, email) == 0)
		return av_fail(err, AV_EINVAL, "password",
		               "La password non può coincidere con l'email.");
	return AV_OK;
}

int
password_hash(const char *password, char *out, struct av_err *err)
{
	_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX,
	               "hash buffer");
	if (crypto_pwhash_str(out, password, strlen(password),
	                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	return AV_OK;
}

int
password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
password_verify_dummy(const char *password)
{
	static char dummy[crypto_pwhash_STRBYTES];
	static int ready;

	/* Benign race: two threads may both compute the same kind of hash. */
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		char tmp[crypto_pwhash_STRBYTES];

		if (crypto_pwhash_str(tmp, "areavasta-dummy", 15,
		                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
		                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			return;
		memcpy(dummy, tmp, sizeof(dummy));
		__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	}
	{
		volatile int sink =
		    crypto_pwhash_str_verify(dummy, password, strlen(password));

		(void)sink;
	}
}

void
password_generate(char out[21])
{
	/* No 0/O, 1/l/I: the password is read aloud or copied by hand. */
	static const char alphabet[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t i;

	for (i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = '\0';
}
