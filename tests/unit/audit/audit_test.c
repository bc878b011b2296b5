/*
 * audit_test.c - the audit log: appends inside the caller's transaction,
 * the chain recomputed, rollback leaving nothing, the triggers refusing
 * UPDATE/DELETE and out-of-chain INSERTs, the canonical form pinned by
 * known-answer vectors (the same ones docs/audit.md and the e2e test use),
 * tampering found at the right seq, signed checkpoints (valid, altered,
 * truncation, rewrite, another key refused by default, a backdated entry
 * appended with a valid chain, the documented limit, the checkpoints the
 * database recorded), times that never go backwards, and the key file
 * rules (0600, refusals, the root-owned 0640 layout).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/audit.h"
#include "db/db.h"
#include "json/jw.h"

static struct db *db;
static char path[64], key_path[96];

static const char zeros[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void
rm_db(void)
{
	char aux[96];

	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
}

static void
setup(void)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert(sodium_init() >= 0);
	snprintf(path, sizeof(path), "/tmp/av-audit-test-%d.db", (int)getpid());
	audit_key_default_path(path, key_path, sizeof(key_path));
	rm_db();
	unlink(key_path);
	cr_assert_eq(db_open(path, &db, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(db_migrate(db, &err), AV_OK, "%s", err.detail);
}

static void
teardown(void)
{
	db_close(db);
	audit_key_release();
	rm_db();
	unlink(key_path);
}

TestSuite(audit, .init = setup, .fini = teardown);

/* Appends n entries, each in its own transaction. */
static void
append_n(int n)
{
	struct av_err err = AV_ERR_INIT;
	char id[16];
	int i;

	for (i = 0; i < n; i++) {
		json_t *d = json_pack("{s:i, s:s}", "i", i, "nota", "prova è");
		struct audit_entry e = {"7",         "024", "rete.update",
		                        "provincia", id,    d};
		int64_t seq = 0;

		snprintf(id, sizeof(id), "P%d", i);
		cr_assert_eq(db_tx_begin(db, &err), AV_OK);
		cr_assert_eq(audit_append(db, &e, &seq, &err), AV_OK, "%s",
		             err.detail);
		cr_assert_eq(db_tx_commit(db, &err), AV_OK);
		json_decref(d);
	}
}

/*
 * Verifies against the copy cp (may be NULL), trusting pk (may be NULL),
 * with or without the checkpoints recorded in the database.
 */
static struct audit_verify_result
verify_with(const struct audit_checkpoint *cp, const unsigned char *pk,
            int recorded)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_verify_result res;
	struct audit_verify_opts o = {cp, cp ? 1 : 0, pk, pk ? 1 : 0, recorded};

	cr_assert_eq(audit_verify(db, &o, &res, &err), AV_OK, "%s", err.detail);
	return res;
}

/* The chain and the copy cp only (the table is tested on its own). */
static struct audit_verify_result
verify(const struct audit_checkpoint *cp, const unsigned char *pk)
{
	return verify_with(cp, pk, 0);
}

static const struct sql_def q_count = {"t_count", 0,
                                       "SELECT COUNT(*) FROM audit_log"};
static const struct sql_def q_cp_count = {
    "t_cp_count", 0, "SELECT COUNT(*) FROM audit_checkpoint"};

static int64_t
count_rows(void)
{
	struct av_err err = AV_ERR_INIT;
	int64_t n = -1;

	cr_assert_eq(db_query_i64(db, &q_count, NULL, 0, &n, NULL, &err),
	             AV_OK);
	return n;
}

/* ---- format ----------------------------------------------------------- */

Test(audit, time_is_utc_with_microseconds)
{
	char t[AUDIT_TIME_LEN + 1];
	size_t i;

	audit_time_now(t);
	cr_assert_eq(strlen(t), AUDIT_TIME_LEN);
	for (i = 0; i < AUDIT_TIME_LEN; i++) {
		const char *shape = "dddd-dd-ddTdd:dd:dd.ddddddZ";

		if (shape[i] == 'd')
			cr_assert(t[i] >= '0' && t[i] <= '9', "%s", t);
		else
			cr_assert_eq(t[i], shape[i], "%s", t);
	}
	cr_assert(strncmp(t, "2026", 4) >= 0, "%s", t);
}

/*
 * Known-answer vectors: computed independently with
 *   printf '%s%s' PREV 'CANONICAL' | sha256sum
 * and repeated in docs/audit.md and tests/http/audit.test.mjs.
 */
#define KAT1_CANON                                                             \
	"[1,\"2026-11-30T08:15:02.123456Z\",\"42\",\"024\",\"rete.update\","   \
	"\"provincia\",\"VI\",{\"a\":null,\"b\":[1,\"\xc3\xa8\"],\"c\":{"      \
	"\"y\":\"\\\"x\\\"\\n\",\"z\":true}}]"
#define KAT1_HASH                                                              \
	"b69aee3f8621276a7bcef55c4bf7a3462beedabc7d2e97af43e45d728cc845c8"
#define KAT2_CANON                                                             \
	"[2,\"2026-11-30T08:15:03.000001Z\",\"system\",null,\"system.start\"," \
	"null,null,{}]"
#define KAT2_HASH                                                              \
	"e649faa2d9fcdfb859fffe384fb0b5c25663d2326b4b882819734167e684c8ae"

Test(audit, canonical_form_and_hash_match_the_known_answers)
{
	struct av_err err = AV_ERR_INIT;
	json_t *d = json_loads("{\"c\":{\"z\":true,\"y\":\"\\\"x\\\"\\n\"},"
	                       "\"b\":[1,\"\xc3\xa8\"],\"a\":null}",
	                       0, NULL);
	struct audit_entry e1 = {"42",        "024", "rete.update",
	                         "provincia", "VI",  d};
	struct audit_entry e2 = {"system", NULL, "system.start",
	                         NULL,     NULL, NULL};
	char hash[AUDIT_HASH_HEX + 1], *s;
	size_t len;

	cr_assert_not_null(d);
	cr_assert_eq(audit_canonical(1, "2026-11-30T08:15:02.123456Z", &e1, &s,
	                             &len, &err),
	             AV_OK);
	cr_assert_str_eq(s, KAT1_CANON);
	cr_assert_eq(len, strlen(KAT1_CANON));
	audit_hash(zeros, s, len, hash);
	cr_assert_str_eq(hash, KAT1_HASH);
	free(s);
	/* Same value built in another key order: same bytes. */
	json_decref(d);
	d = json_pack("{s:n, s:[i,s], s:{s:s, s:b}}", "a", "b", 1, "\xc3\xa8",
	              "c", "y", "\"x\"\n", "z", 1);
	e1.details = d;
	cr_assert_eq(audit_canonical(1, "2026-11-30T08:15:02.123456Z", &e1, &s,
	                             &len, &err),
	             AV_OK);
	cr_assert_str_eq(s, KAT1_CANON);
	free(s);
	json_decref(d);
	cr_assert_eq(audit_canonical(2, "2026-11-30T08:15:03.000001Z", &e2, &s,
	                             &len, &err),
	             AV_OK);
	cr_assert_str_eq(s, KAT2_CANON);
	audit_hash(KAT1_HASH, s, len, hash);
	cr_assert_str_eq(hash, KAT2_HASH);
	free(s);
}

Test(audit, canonical_refuses_what_cannot_be_reverified)
{
	struct av_err err = AV_ERR_INIT;
	const char *t = "2026-11-30T08:15:02.123456Z";
	char big[AUDIT_FIELD_MAX + 2], *s = NULL;
	json_t *real = json_pack("{s:f}", "x", 1.5);
	json_t *deep_real = json_pack("{s:[{s:f}]}", "a", "b", 0.1);
	json_t *arr = json_array();
	struct audit_entry e = {"1", NULL, "x.y", NULL, NULL, NULL};
	size_t len;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	e.details = real;
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_EINTERNAL);
	av_err_clear(&err);
	e.details = deep_real;
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_EINTERNAL);
	av_err_clear(&err);
	e.details = arr;
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_EINTERNAL);
	av_err_clear(&err);
	e.details = NULL;
	e.actor = NULL;
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_EINTERNAL);
	av_err_clear(&err);
	e.actor = "";
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_EINTERNAL);
	av_err_clear(&err);
	e.actor = "1";
	e.object_id = "\xff\xfe";
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_EINTERNAL);
	av_err_clear(&err);
	/* AUDIT_FIELD_MAX is allowed, one byte more is not. */
	e.object_id = big + 1;
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_OK);
	free(s);
	e.object_id = big;
	cr_assert_eq(audit_canonical(1, t, &e, &s, &len, &err), AV_EINTERNAL);
	cr_assert(strstr(err.detail, "object_id") != NULL, "%s", err.detail);
	json_decref(real);
	json_decref(deep_real);
	json_decref(arr);
}

/* ---- append ----------------------------------------------------------- */

Test(audit, append_chains_entries_and_verify_recomputes_them)
{
	struct audit_verify_result res;
	struct av_err err = AV_ERR_INIT;
	char hash[AUDIT_HASH_HEX + 1];
	int64_t seq;

	res = verify(NULL, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_NONE);
	cr_assert_eq(res.count, 0);
	cr_assert_str_eq(res.last_hash, zeros);
	append_n(5);
	res = verify(NULL, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_NONE, "%s", res.why);
	cr_assert_eq(res.count, 5);
	cr_assert_eq(res.last_seq, 5);
	cr_assert_eq(audit_head(db, &seq, hash, &err), AV_OK);
	cr_assert_eq(seq, 5);
	cr_assert_str_eq(hash, res.last_hash);
}

Test(audit, rollback_leaves_no_entry_and_seq_continues_without_gap)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_entry e = {"system", NULL, "test.rollback",
	                        NULL,     NULL, NULL};
	int64_t seq = 0;

	append_n(2);
	cr_assert_eq(db_tx_begin(db, &err), AV_OK);
	cr_assert_eq(audit_append(db, &e, &seq, &err), AV_OK);
	cr_assert_eq(seq, 3);
	db_tx_rollback(db);
	cr_assert_eq(count_rows(), 2);
	cr_assert_eq(db_tx_begin(db, &err), AV_OK);
	cr_assert_eq(audit_append(db, &e, &seq, &err), AV_OK);
	cr_assert_eq(db_tx_commit(db, &err), AV_OK);
	cr_assert_eq(seq, 3);
	cr_assert_eq(verify(NULL, NULL).fault, AUDIT_FAULT_NONE);
}

Test(audit, bad_entry_fails_and_writes_nothing)
{
	struct av_err err = AV_ERR_INIT;
	json_t *d = json_pack("{s:f}", "importo", 12.5);
	struct audit_entry e = {"1", NULL, "x.y", NULL, NULL, d};

	cr_assert_eq(db_tx_begin(db, &err), AV_OK);
	cr_assert_eq(audit_append(db, &e, NULL, &err), AV_EINTERNAL);
	db_tx_rollback(db);
	cr_assert_eq(count_rows(), 0);
	json_decref(d);
}

static const struct sql_def q_update = {
    "t_update", 0, "UPDATE audit_log SET actor = 'intruso' WHERE seq = 2"};
static const struct sql_def q_delete = {"t_delete", 0,
                                        "DELETE FROM audit_log WHERE seq = 3"};
static const struct sql_def q_delete_tail = {
    "t_delete_tail", 1, "DELETE FROM audit_log WHERE seq > $1"};
static const struct sql_def q_insert_gap = {
    "t_insert_gap", 0,
    "INSERT INTO audit_log SELECT seq + 10, time, actor, ente, action,"
    " object_type, object_id, details, hash, 'e' || substr(hash, 2)"
    " FROM audit_log WHERE seq = 3"};
static const struct sql_def q_insert_fork = {
    "t_insert_fork", 0,
    "INSERT INTO audit_log SELECT seq + 1, time, actor, ente, action,"
    " object_type, object_id, details, prev_hash, 'e' || substr(hash, 2)"
    " FROM audit_log WHERE seq = 3"};
static const struct sql_def q_drop_update = {
    "t_drop_u", 0, "DROP TRIGGER audit_log_no_update"};
static const struct sql_def q_drop_delete = {
    "t_drop_d", 0, "DROP TRIGGER audit_log_no_delete"};
static const struct sql_def q_spaces = {
    "t_spaces", 0,
    "UPDATE audit_log SET details = ' ' || details WHERE seq = 4"};
static const struct sql_def q_prev = {
    "t_prev", 0, "UPDATE audit_log SET prev_hash = hash WHERE seq = 2"};

Test(audit, triggers_refuse_update_delete_and_out_of_chain_insert)
{
	struct av_err err = AV_ERR_INIT;

	append_n(3);
	cr_assert_neq(db_exec(db, &q_update, NULL, 0, NULL, &err), AV_OK);
	cr_assert(strstr(err.detail, "sola aggiunta") != NULL, "%s",
	          err.detail);
	av_err_clear(&err);
	cr_assert_neq(db_exec(db, &q_delete, NULL, 0, NULL, &err), AV_OK);
	av_err_clear(&err);
	cr_assert_neq(db_exec(db, &q_insert_gap, NULL, 0, NULL, &err), AV_OK);
	cr_assert(strstr(err.detail, "catena") != NULL, "%s", err.detail);
	av_err_clear(&err);
	/* Right seq, wrong prev_hash. */
	cr_assert_neq(db_exec(db, &q_insert_fork, NULL, 0, NULL, &err), AV_OK);
	cr_assert(strstr(err.detail, "catena") != NULL, "%s", err.detail);
	cr_assert_eq(count_rows(), 3);
	cr_assert_eq(verify(NULL, NULL).fault, AUDIT_FAULT_NONE);
}

Test(audit, edited_row_is_named_by_its_seq)
{
	struct audit_verify_result res;
	struct av_err err = AV_ERR_INIT;

	append_n(4);
	cr_assert_eq(db_exec(db, &q_drop_update, NULL, 0, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_update, NULL, 0, NULL, &err), AV_OK);
	res = verify(NULL, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_HASH);
	cr_assert_eq(res.bad_seq, 2);
	cr_assert_eq(res.count, 1);
	cr_assert(strstr(res.why, "seq 2") != NULL, "%s", res.why);
}

Test(audit, deleted_row_is_a_gap)
{
	struct audit_verify_result res;
	struct av_err err = AV_ERR_INIT;

	append_n(5);
	cr_assert_eq(db_exec(db, &q_drop_delete, NULL, 0, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_delete, NULL, 0, NULL, &err), AV_OK);
	res = verify(NULL, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_GAP);
	cr_assert_eq(res.bad_seq, 4);
	cr_assert_eq(res.last_seq, 2);
}

Test(audit, wrong_prev_hash_and_non_canonical_details_are_found)
{
	struct audit_verify_result res;
	struct av_err err = AV_ERR_INIT;

	append_n(5);
	cr_assert_eq(db_exec(db, &q_drop_update, NULL, 0, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &q_spaces, NULL, 0, NULL, &err), AV_OK);
	res = verify(NULL, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_DETAILS);
	cr_assert_eq(res.bad_seq, 4);
	cr_assert_eq(db_exec(db, &q_prev, NULL, 0, NULL, &err), AV_OK);
	res = verify(NULL, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_PREV_HASH);
	cr_assert_eq(res.bad_seq, 2);
}

/* ---- checkpoints ------------------------------------------------------ */

/* A checkpoint as the API and the CLI write it, read back by jansson. */
static json_t *
checkpoint_json(const struct audit_checkpoint *cp)
{
	struct sbuf sb = SBUF_INIT(1024);
	struct jw w;
	json_t *j;

	jw_init(&w, &sb);
	audit_checkpoint_write(&w, cp);
	cr_assert_eq(jw_finish(&w), AV_OK);
	j = json_loadb(sb.buf, sb.len, 0, NULL);
	cr_assert_not_null(j);
	/* The order of the members is part of the shape. */
	cr_assert_str_eq(json_object_iter_key(json_object_iter(j)), "seq");
	sbuf_release(&sb);
	return j;
}

static struct audit_key
test_key(void)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key;

	cr_assert_eq(audit_key_ensure(key_path, &err), AV_OK, "%s %s", err.msg,
	             err.detail);
	cr_assert_eq(audit_key_load(key_path, &key, &err), AV_OK, "%s",
	             err.msg);
	return key;
}

/* A key pair that is not the installation's. */
static struct audit_key
other_key(void)
{
	struct audit_key k;

	crypto_sign_keypair(k.pk, k.sk);
	return k;
}

static struct audit_checkpoint
publish(const struct audit_key *key)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_checkpoint cp;

	cr_assert_eq(audit_checkpoint_publish(db, key, &cp, &err), AV_OK, "%s",
	             err.detail);
	return cp;
}

static const struct sql_def q_last_time = {
    "t_last_time", 0, "SELECT time FROM audit_log ORDER BY seq DESC LIMIT 1"};
static const struct sql_def q_forge = {
    "t_forge", 10,
    "INSERT INTO audit_log (seq, time, actor, ente, action, object_type,"
    " object_id, details, prev_hash, hash)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};

/* The last entry's time into t. */
static void
last_time(char t[AUDIT_TIME_LEN + 1])
{
	struct av_err err = AV_ERR_INIT;
	struct db_cursor *c;

	cr_assert_eq(db_query(db, &q_last_time, NULL, 0, &c, &err), AV_OK);
	cr_assert_eq(db_next(c, &err), 1);
	snprintf(t, AUDIT_TIME_LEN + 1, "%s", db_col_text(c, 0));
	db_cursor_close(c);
}

/*
 * What someone who can write the database file but has no key can do:
 * append an entry with a time of their choosing and a valid chain (the
 * trigger accepts it: right seq, right prev_hash).
 */
static void
forge(const char *time)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_entry e = {"7",    "provincia:024", "gara.apertura_buste",
	                        "gara", "G-1",           NULL};
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1], *canon;
	int64_t seq;
	size_t len;

	cr_assert_eq(audit_head(db, &seq, prev, &err), AV_OK);
	cr_assert_eq(audit_canonical(seq + 1, time, &e, &canon, &len, &err),
	             AV_OK);
	audit_hash(prev, canon, len, hash);
	free(canon);
	struct db_param p[10] = {
	    P_I64(seq + 1),   P_TEXT(time),   P_TEXT("7"),   P_TEXT(e.ente),
	    P_TEXT(e.action), P_TEXT("gara"), P_TEXT("G-1"), P_TEXT("{}"),
	    P_TEXT(prev),     P_TEXT(hash)};
	cr_assert_eq(db_exec(db, &q_forge, p, 10, NULL, &err), AV_OK, "%s",
	             err.detail);
}

/* Waits until the clock has moved past the last time taken. */
static void
tick(void)
{
	usleep(2000);
}

Test(audit, checkpoint_signature_verifies_and_fails_when_altered)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct audit_checkpoint cp, bad, back;
	json_t *j;

	append_n(3);
	cp = publish(&key);
	cr_assert_eq(cp.seq, 3);
	cr_assert_eq(audit_checkpoint_check_signature(&cp), 0);
	bad = cp;
	bad.seq = 2;
	cr_assert_neq(audit_checkpoint_check_signature(&bad), 0);
	bad = cp;
	bad.hash[0] = bad.hash[0] == '0' ? '1' : '0';
	cr_assert_neq(audit_checkpoint_check_signature(&bad), 0);
	bad = cp;
	bad.time[3] = bad.time[3] == '7' ? '8' : '7';
	cr_assert_neq(audit_checkpoint_check_signature(&bad), 0);
	bad = cp;
	bad.signature[10] ^= 1;
	cr_assert_neq(audit_checkpoint_check_signature(&bad), 0);
	bad = cp;
	bad.public_key[0] ^= 1;
	cr_assert_neq(audit_checkpoint_check_signature(&bad), 0);
	/* JSON round trip keeps every byte. */
	j = checkpoint_json(&cp);
	cr_assert_eq(audit_checkpoint_from_json(j, &back, &err), AV_OK, "%s",
	             err.msg);
	cr_assert_eq(memcmp(&cp, &back, sizeof(cp)), 0);
	json_object_set_new(j, "extra", json_true());
	cr_assert_eq(audit_checkpoint_from_json(j, &back, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "extra");
	json_decref(j);
	audit_key_clear(&key);
}

Test(audit, checkpoint_detects_truncation_and_rewrite)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key(), other = other_key();
	struct audit_checkpoint cp, forged;
	struct audit_verify_result res;

	append_n(4);
	cp = publish(&key);
	append_n(2);
	res = verify(&cp, key.pk);
	cr_assert_eq(res.fault, AUDIT_FAULT_NONE, "%s", res.why);
	cr_assert_eq(res.count, 6);
	cr_assert_eq(res.cps_given, 1);
	/* Another key's (valid) checkpoint is refused. */
	forged = cp;
	audit_checkpoint_sign(&forged, &other);
	cr_assert_eq(audit_checkpoint_check_signature(&forged), 0);
	cr_assert_eq(verify(&forged, cp.public_key).fault, AUDIT_FAULT_CP_KEY);
	forged.seq = 5;
	cr_assert_eq(verify(&forged, key.pk).fault, AUDIT_FAULT_CP_SIGNATURE);
	/* Delete the tail down to seq 2: the chain is fine, the cp is not. */
	cr_assert_eq(db_exec(db, &q_drop_delete, NULL, 0, NULL, &err), AV_OK);
	struct db_param p[1] = {P_I64(2)};
	cr_assert_eq(db_exec(db, &q_delete_tail, p, 1, NULL, &err), AV_OK);
	cr_assert_eq(verify(NULL, NULL).fault, AUDIT_FAULT_NONE);
	res = verify(&cp, key.pk);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_TRUNCATED);
	cr_assert_eq(res.bad_seq, 4);
	/* Rewrite seq 3.. with a fresh, self-consistent chain. */
	append_n(4);
	cr_assert_eq(verify(NULL, NULL).fault, AUDIT_FAULT_NONE);
	res = verify(&cp, key.pk);
	/* Entry 3 is now timed after a checkpoint that already held it. */
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_POSTDATED, "%s", res.why);
	cr_assert_eq(res.bad_seq, 3);
	audit_key_clear(&key);
	audit_key_clear(&other);
}

Test(audit, tail_rewritten_with_the_old_times_is_found_at_the_checkpoint)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct audit_checkpoint cp;
	struct audit_verify_result res;
	char t2[AUDIT_TIME_LEN + 1];

	append_n(2);
	last_time(t2);
	append_n(2);
	cp = publish(&key);
	cr_assert_eq(db_exec(db, &q_drop_delete, NULL, 0, NULL, &err), AV_OK);
	struct db_param p[1] = {P_I64(2)};
	cr_assert_eq(db_exec(db, &q_delete_tail, p, 1, NULL, &err), AV_OK);
	/* Timed like the entries they replace: only the hash tells. */
	forge(t2);
	forge(t2);
	cr_assert_eq(verify(NULL, NULL).fault, AUDIT_FAULT_NONE);
	res = verify(&cp, key.pk);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_REWRITTEN, "%s", res.why);
	cr_assert_eq(res.bad_seq, 4);
	cr_assert(strstr(res.why, "riscritto") != NULL, "%s", res.why);
	audit_key_clear(&key);
}

/* Issue #7 item 11 (b): the key inside a checkpoint proves nothing. */
Test(audit, checkpoint_by_another_key_is_refused_by_default)
{
	struct audit_key key = test_key(), other = other_key();
	struct audit_checkpoint cp, forged;
	struct audit_verify_result res;

	append_n(3);
	cp = publish(&key);
	forged = cp;
	audit_checkpoint_sign(&forged, &other);
	/* No key at all: no checkpoint is called good, not even ours. */
	res = verify(&forged, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_NO_KEY, "%s", res.why);
	cr_assert_eq(verify(&cp, NULL).fault, AUDIT_FAULT_CP_NO_KEY);
	cr_assert_eq(verify_with(NULL, NULL, 1).fault, AUDIT_FAULT_CP_NO_KEY);
	/* With the installation's key: ours passes, the other is named. */
	cr_assert_eq(verify(&cp, key.pk).fault, AUDIT_FAULT_NONE);
	res = verify(&forged, key.pk);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_KEY);
	cr_assert(strstr(res.why, "un'altra chiave") != NULL, "%s", res.why);
	audit_key_clear(&key);
	audit_key_clear(&other);
}

/*
 * Issue #7 item 11 (a): someone who can write the database appends, after
 * the last checkpoint, a "bid opened" entry dated before it, with a valid
 * chain.  The chain alone cannot tell; the checkpoint can, whether it is a
 * copy kept elsewhere or the database's own record.
 */
Test(audit, backdated_entry_appended_with_a_valid_chain_is_detected)
{
	struct audit_key key = test_key();
	struct audit_checkpoint cp;
	struct audit_verify_result res;
	char t3[AUDIT_TIME_LEN + 1];

	append_n(3);
	last_time(t3);
	tick();
	cp = publish(&key);
	cr_assert(strcmp(t3, cp.time) < 0);
	forge(t3); /* seq 4, timed like seq 3: before the checkpoint */
	cr_assert_eq(verify(NULL, NULL).fault, AUDIT_FAULT_NONE,
	             "the chain alone cannot tell");
	res = verify(&cp, key.pk);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_BACKDATED, "%s", res.why);
	cr_assert_eq(res.bad_seq, 4);
	cr_assert_eq(res.last_seq, 3);
	cr_assert(strstr(res.why, "data anteriore") != NULL, "%s", res.why);
	res = verify_with(NULL, key.pk, 1);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_BACKDATED, "%s", res.why);
	cr_assert(strstr(res.why, "registrato nella base dati") != NULL, "%s",
	          res.why);
	audit_key_clear(&key);
}

/*
 * The documented limit (docs/audit.md): an entry appended after the last
 * checkpoint and timed after it looks like a genuine one, until the next
 * checkpoint is published; from then on, copies of that checkpoint catch
 * any later rewrite of it.
 */
Test(audit, entry_appended_after_the_last_checkpoint_and_timed_later_passes)
{
	struct audit_key key = test_key();
	struct audit_checkpoint cp, next;
	struct audit_verify_result res;
	char now[AUDIT_TIME_LEN + 1];

	append_n(3);
	cp = publish(&key);
	tick();
	audit_time_now(now);
	forge(now);
	res = verify(&cp, key.pk);
	cr_assert_eq(res.fault, AUDIT_FAULT_NONE, "%s", res.why);
	cr_assert_eq(res.count, 4);
	cr_assert_eq(verify_with(&cp, key.pk, 1).fault, AUDIT_FAULT_NONE);
	/* The next checkpoint covers it: rewriting it now shows. */
	next = publish(&key);
	cr_assert_eq(next.seq, 4);
	cr_assert_eq(verify(&next, key.pk).fault, AUDIT_FAULT_NONE);
	audit_key_clear(&key);
}

/* Issue #7 item 11 (3): the checkpoints the database recorded count too. */
static const struct sql_def q_drop_cp_update = {
    "t_drop_cp_u", 0, "DROP TRIGGER audit_checkpoint_no_update"};
static const struct sql_def q_cp_alter = {
    "t_cp_alter", 0, "UPDATE audit_checkpoint SET seq = seq + 1 WHERE id = 2"};
static const struct sql_def q_cp_insert = {
    "t_cp_insert", 5,
    "INSERT INTO audit_checkpoint (seq, hash, time, signature, public_key)"
    " VALUES ($1, $2, $3, $4, $5)"};

/* Records cp in the table as someone writing the file directly would. */
static void
record(const struct audit_checkpoint *cp)
{
	struct av_err err = AV_ERR_INIT;
	char sig[2 * AUDIT_SIG_BYTES + 1], pk[2 * AUDIT_PK_BYTES + 1];

	sodium_bin2hex(sig, sizeof(sig), cp->signature, AUDIT_SIG_BYTES);
	sodium_bin2hex(pk, sizeof(pk), cp->public_key, AUDIT_PK_BYTES);
	struct db_param p[5] = {P_I64(cp->seq), P_TEXT(cp->hash),
	                        P_TEXT(cp->time), P_TEXT(sig), P_TEXT(pk)};
	cr_assert_eq(db_exec(db, &q_cp_insert, p, 5, NULL, &err), AV_OK, "%s",
	             err.detail);
}

Test(audit, recorded_checkpoints_are_verified)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key(), other = other_key();
	struct audit_checkpoint a, b, latest, forged;
	struct audit_verify_result res;
	int found = 0;

	cr_assert_eq(audit_checkpoint_latest(db, &latest, &found, &err), AV_OK);
	cr_assert_eq(found, 0);
	a = publish(&key);
	append_n(2);
	b = publish(&key);
	cr_assert_eq(a.seq, 0);
	cr_assert_eq(b.seq, 2);
	cr_assert(strcmp(a.time, b.time) <= 0);
	cr_assert_eq(audit_checkpoint_latest(db, &latest, &found, &err), AV_OK);
	cr_assert_eq(found, 1);
	cr_assert_eq(memcmp(&latest, &b, sizeof(b)), 0);
	res = verify_with(NULL, key.pk, 1);
	cr_assert_eq(res.fault, AUDIT_FAULT_NONE, "%s", res.why);
	cr_assert_eq(res.cps_recorded, 2);
	cr_assert_eq(res.cps_given, 0);
	cr_assert_eq(res.latest.seq, 2);
	/* A copy and the record together. */
	res = verify_with(&a, key.pk, 1);
	cr_assert_eq(res.fault, AUDIT_FAULT_NONE, "%s", res.why);
	cr_assert_eq(res.cps_given + res.cps_recorded, 3);
	/* A checkpoint of another key slipped into the table is named. */
	forged = b;
	audit_checkpoint_sign(&forged, &other);
	record(&forged);
	res = verify_with(NULL, key.pk, 1);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_KEY, "%s", res.why);
	cr_assert(strstr(res.why, "registrato nella base dati n. 3") != NULL,
	          "%s", res.why);
	cr_assert_eq(verify(NULL, key.pk).fault, AUDIT_FAULT_NONE,
	             "the table is read only when asked");
	audit_key_clear(&other);
	audit_key_clear(&key);
}

Test(audit, recorded_checkpoint_altered_in_place_is_reported)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct audit_verify_result res;

	append_n(2);
	publish(&key);
	publish(&key);
	cr_assert_neq(db_exec(db, &q_cp_alter, NULL, 0, NULL, &err), AV_OK,
	              "the trigger refuses an update");
	cr_assert(strstr(err.detail, "sola aggiunta") != NULL, "%s",
	          err.detail);
	av_err_clear(&err);
	cr_assert_eq(db_exec(db, &q_drop_cp_update, NULL, 0, NULL, &err),
	             AV_OK);
	cr_assert_eq(db_exec(db, &q_cp_alter, NULL, 0, NULL, &err), AV_OK);
	res = verify_with(NULL, key.pk, 1);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_SIGNATURE, "%s", res.why);
	cr_assert(strstr(res.why, "firma non valida") != NULL, "%s", res.why);
	cr_assert(strstr(res.why, "registrato nella base dati n. 2") != NULL,
	          "%s", res.why);
	audit_key_clear(&key);
}

Test(audit, entry_timed_before_the_previous_one_is_found)
{
	struct audit_verify_result res;

	append_n(2);
	forge("2020-01-01T00:00:00.000000Z");
	res = verify(NULL, NULL);
	cr_assert_eq(res.fault, AUDIT_FAULT_TIME, "%s", res.why);
	cr_assert_eq(res.bad_seq, 3);
	cr_assert(strstr(res.why, "precede quella della voce precedente") !=
	              NULL,
	          "%s", res.why);
}

Test(audit, entry_timed_after_a_checkpoint_that_holds_it_is_found)
{
	struct audit_key key = test_key();
	struct audit_checkpoint cp;
	struct audit_verify_result res;

	append_n(3);
	cp = publish(&key);
	/* A checkpoint of seq 3 dated before seq 3 was written. */
	memcpy(cp.time, "2020-01-01T00:00:00.000000Z", sizeof(cp.time));
	audit_checkpoint_sign(&cp, &key);
	res = verify(&cp, key.pk);
	cr_assert_eq(res.fault, AUDIT_FAULT_CP_POSTDATED, "%s", res.why);
	cr_assert_eq(res.bad_seq, 1);
	audit_key_clear(&key);
}

/* A stepped-back clock is absorbed: times never go backwards. */
Test(audit, times_never_go_backwards_after_a_checkpoint)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct audit_checkpoint cp;
	char t[AUDIT_TIME_LEN + 1];

	append_n(1);
	memset(&cp, 0, sizeof(cp));
	cr_assert_eq(audit_head(db, &cp.seq, cp.hash, &err), AV_OK);
	/* As if the clock had been far ahead when this one was made. */
	memcpy(cp.time, "2999-01-01T00:00:00.000000Z", sizeof(cp.time));
	audit_checkpoint_sign(&cp, &key);
	record(&cp);
	append_n(1);
	last_time(t);
	cr_assert_str_eq(t, cp.time);
	cr_assert_eq(verify_with(NULL, key.pk, 1).fault, AUDIT_FAULT_NONE);
	cp = publish(&key);
	cr_assert_str_eq(cp.time, "2999-01-01T00:00:00.000000Z");
	audit_key_clear(&key);
}

Test(audit, checkpoint_of_an_empty_log)
{
	struct audit_key key = test_key();
	struct audit_checkpoint cp;

	cp = publish(&key);
	cr_assert_eq(cp.seq, 0);
	cr_assert_str_eq(cp.hash, zeros);
	cr_assert_eq(verify(&cp, key.pk).fault, AUDIT_FAULT_NONE);
	/* Every later entry is timed after it. */
	append_n(2);
	cr_assert_eq(verify_with(&cp, key.pk, 1).fault, AUDIT_FAULT_NONE);
	audit_key_clear(&key);
}

Test(audit, checkpoint_message_is_the_documented_text)
{
	struct audit_checkpoint cp;
	char msg[160];
	size_t len;

	memset(&cp, 0, sizeof(cp));
	cp.seq = 12;
	memcpy(cp.hash, KAT1_HASH, sizeof(cp.hash));
	memcpy(cp.time, "2026-11-30T09:00:00.000000Z", sizeof(cp.time));
	len = audit_checkpoint_message(&cp, msg, sizeof(msg));
	cr_assert_str_eq(msg, "areavasta-audit-checkpoint\n12\n" KAT1_HASH
	                      "\n2026-11-30T09:00:00.000000Z");
	cr_assert_eq(len, strlen(msg));
}

Test(audit, checkpoint_files_hold_one_a_list_or_the_api_envelope)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct audit_checkpoint a, b, *cps = NULL;
	json_t *one, *list, *env;
	size_t n = 0;

	a = publish(&key);
	append_n(1);
	b = publish(&key);
	one = checkpoint_json(&a);
	list = json_pack("[o, o]", checkpoint_json(&a), checkpoint_json(&b));
	env = json_pack("{s:O, s:i, s:i, s:i}", "items", list, "total", 2,
	                "limit", 50, "offset", 0);
	cr_assert_eq(audit_checkpoints_from_json(one, &cps, &n, &err), AV_OK);
	cr_assert_eq(audit_checkpoints_from_json(list, &cps, &n, &err), AV_OK);
	cr_assert_eq(audit_checkpoints_from_json(env, &cps, &n, &err), AV_OK);
	cr_assert_eq(n, 5);
	cr_assert_eq(memcmp(&cps[0], &a, sizeof(a)), 0);
	cr_assert_eq(memcmp(&cps[4], &b, sizeof(b)), 0);
	/* A bad item is named by its place. */
	json_object_set_new(json_array_get(list, 1), "hash", json_string("XY"));
	cr_assert_eq(audit_checkpoints_from_json(env, &cps, &n, &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "items[1].hash");
	av_err_clear(&err);
	json_array_append_new(list, json_integer(3));
	cr_assert_eq(audit_checkpoints_from_json(list, &cps, &n, &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "[1].hash");
	free(cps);
	json_decref(one);
	json_decref(list);
	json_decref(env);
	audit_key_clear(&key);
}

Test(audit, atom_feed_lists_the_recorded_checkpoints)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct sbuf sb = SBUF_INIT(AUDIT_FEED_MAX);
	struct audit_checkpoint cp;
	const char *p;
	int entries = 0;

	cr_assert_eq(audit_feed_atom(db, key.pk, &sb, &err), AV_OK);
	cr_assert(strstr(sb.buf, "<entry>") == NULL);
	cr_assert(strstr(sb.buf, "<updated>") != NULL, "an empty feed too");
	sbuf_reset(&sb);
	publish(&key);
	append_n(1);
	cp = publish(&key);
	cr_assert_eq(audit_feed_atom(db, key.pk, &sb, &err), AV_OK);
	for (p = sb.buf; (p = strstr(p, "<entry>")) != NULL; p++)
		entries++;
	cr_assert_eq(entries, 2);
	cr_assert(strncmp(sb.buf, "<?xml version=\"1.0\"", 19) == 0);
	cr_assert(strstr(sb.buf, "xmlns=\"http://www.w3.org/2005/Atom\"") !=
	          NULL);
	/* The newest first, and its time is the feed's. */
	p = strstr(sb.buf, "<updated>");
	cr_assert(p != NULL && strncmp(p + 9, cp.time, AUDIT_TIME_LEN) == 0,
	          "%s", sb.buf);
	cr_assert(strstr(sb.buf, "urn:uuid:") != NULL);
	sbuf_release(&sb);
	audit_key_clear(&key);
}

Test(audit, configured_key_signs_for_the_server)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct audit_checkpoint cp;
	unsigned char pk[AUDIT_PK_BYTES];

	cr_assert_eq(audit_checkpoint_publish_configured(db, &cp, &err),
	             AV_EINTERNAL);
	av_err_clear(&err);
	audit_key_configure(key_path);
	append_n(1);
	cr_assert_eq(audit_checkpoint_publish_configured(db, &cp, &err), AV_OK,
	             "%s", err.detail);
	cr_assert_eq(cp.seq, 1);
	cr_assert_eq(memcmp(cp.public_key, key.pk, AUDIT_PK_BYTES), 0);
	cr_assert_eq(audit_checkpoint_check_signature(&cp), 0);
	cr_assert_eq(audit_key_public_configured(pk, &err), AV_OK);
	cr_assert_eq(memcmp(pk, key.pk, AUDIT_PK_BYTES), 0);
	audit_key_release();
	cr_assert_eq(audit_checkpoint_publish_configured(db, &cp, &err),
	             AV_EINTERNAL);
	av_err_clear(&err);
	/* A missing file is a 500 whose message does not show the path. */
	audit_key_configure("/tmp/av-audit-no-such-key");
	cr_assert_eq(audit_checkpoint_publish_configured(db, &cp, &err),
	             AV_EINTERNAL);
	cr_assert(strstr(err.msg, "/tmp") == NULL, "%s", err.msg);
	cr_assert(strstr(err.detail, "no-such-key") != NULL, "%s", err.detail);
	audit_key_clear(&key);
}

Test(audit, publisher_publishes_at_start_and_on_its_beat)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key = test_key();
	struct audit_verify_result res;
	int64_t n = 0;
	int i;

	audit_key_configure(key_path);
	cr_assert_eq(audit_publisher_start(path, 1, &err), AV_OK, "%s",
	             err.detail);
	cr_assert_eq(db_query_i64(db, &q_cp_count, NULL, 0, &n, NULL, &err),
	             AV_OK);
	cr_assert_eq(n, 1, "one at start");
	/* The log has not grown: it publishes anyway. */
	for (i = 0; i < 50 && n < 3; i++) {
		usleep(100000);
		cr_assert_eq(
		    db_query_i64(db, &q_cp_count, NULL, 0, &n, NULL, &err),
		    AV_OK);
	}
	audit_publisher_stop();
	cr_assert_geq(n, 3);
	res = verify_with(NULL, key.pk, 1);
	cr_assert_eq(res.fault, AUDIT_FAULT_NONE, "%s", res.why);
	audit_publisher_stop(); /* a no-op */
	cr_assert_eq(audit_publisher_start(
	                 path, AUDIT_CHECKPOINT_INTERVAL_MAX + 1, &err),
	             AV_EINVAL);
	audit_key_clear(&key);
}

/* ---- key file --------------------------------------------------------- */

Test(audit, key_file_is_created_0600_and_reused)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key a, b;
	struct stat st;

	cr_assert_str_eq(key_path + strlen(path), ".audit-key");
	cr_assert_eq(audit_key_ensure(key_path, &err), AV_OK, "%s", err.msg);
	cr_assert_eq(stat(key_path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600, "mode %o", st.st_mode & 0777);
	cr_assert_eq(st.st_size, 27 + 64 + 1);
	cr_assert_eq(audit_key_load(key_path, &a, &err), AV_OK);
	cr_assert_eq(audit_key_ensure(key_path, &err), AV_OK);
	cr_assert_eq(audit_key_load(key_path, &b, &err), AV_OK);
	cr_assert_eq(memcmp(&a, &b, sizeof(a)), 0);
	audit_key_clear(&a);
	audit_key_clear(&b);
}

Test(audit, key_file_readable_by_others_is_refused)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key k;

	cr_assert_eq(audit_key_ensure(key_path, &err), AV_OK);
	cr_assert_eq(chmod(key_path, 0644), 0);
	cr_assert_eq(audit_key_load(key_path, &k, &err), AV_EIO);
	cr_assert(strstr(err.msg, "chmod 600") != NULL, "%s", err.msg);
	av_err_clear(&err);
	cr_assert_eq(audit_key_ensure(key_path, &err), AV_EIO);
	av_err_clear(&err);
	/* Not root's: no group read either (as root, hand it to nobody). */
	if (geteuid() == 0)
		cr_assert_eq(chown(key_path, 65534, 65534), 0);
	cr_assert_eq(chmod(key_path, 0640), 0);
	cr_assert_eq(audit_key_load(key_path, &k, &err), AV_EIO);
	av_err_clear(&err);
	cr_assert_eq(chmod(key_path, 0400), 0);
	cr_assert_eq(audit_key_load(key_path, &k, &err), AV_OK);
	audit_key_clear(&k);
	/* Root's key lent to a group (only root can make one here). */
	if (geteuid() == 0) {
		cr_assert_eq(chown(key_path, 0, 65534), 0);
		cr_assert_eq(chmod(key_path, 0640), 0);
		cr_assert_eq(audit_key_load(key_path, &k, &err), AV_OK, "%s",
		             err.msg);
		audit_key_clear(&k);
	}
}

Test(audit, malformed_missing_and_symlinked_key_files_are_refused)
{
	struct av_err err = AV_ERR_INIT;
	char link_path[112], def[8];
	struct audit_key k;
	int fd;

	cr_assert_eq(audit_key_load(key_path, &k, &err), AV_EIO);
	cr_assert(strstr(err.msg, "non esiste") != NULL, "%s", err.msg);
	av_err_clear(&err);
	fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "areavasta-audit-ed25519-v1\nzz\n", 30), 30);
	close(fd);
	cr_assert_eq(audit_key_load(key_path, &k, &err), AV_EIO);
	av_err_clear(&err);
	cr_assert_eq(audit_key_ensure(key_path, &err), AV_EIO);
	av_err_clear(&err);
	unlink(key_path);
	cr_assert_eq(audit_key_ensure(key_path, &err), AV_OK);
	snprintf(link_path, sizeof(link_path), "%s.link", key_path);
	unlink(link_path);
	cr_assert_eq(symlink(key_path, link_path), 0);
	cr_assert_eq(audit_key_load(link_path, &k, &err), AV_EIO);
	unlink(link_path);
	av_err_clear(&err);
	/* A default path that does not fit is empty, and refused. */
	audit_key_default_path("/var/lib/areavasta/db.sqlite", def,
	                       sizeof(def));
	cr_assert_str_eq(def, "");
	cr_assert_eq(audit_key_ensure(def, &err), AV_EIO);
}

/* The /etc/areavasta/audit-key layout: root:areavasta 0640. */
Test(audit, key_mode_rule)
{
	/* mode, owner, ok */
	static const unsigned cases[][3] = {
	    {0600, 1000, 1}, {0400, 1000, 1}, {0600, 0, 1},    {0640, 0, 1},
	    {0440, 0, 1},    {0640, 1000, 0}, {0440, 1000, 0}, {0660, 0, 0},
	    {0644, 0, 0},    {0604, 1000, 0}, {0610, 0, 0},    {0602, 1000, 0},
	    {0601, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_eq(
		    audit_key_mode_ok(0100000 | cases[i][0], cases[i][1]),
		    (int)cases[i][2], "mode %o owner %u", cases[i][0],
		    cases[i][1]);
}

Test(audit, key_beside_the_database_is_recognised)
{
	cr_assert_eq(audit_key_beside_db(key_path, path), 1);
	cr_assert_eq(audit_key_beside_db("/tmp/../tmp/x.key", path), 1);
	cr_assert_eq(audit_key_beside_db("/etc/areavasta/audit-key", path), 0);
	cr_assert_eq(audit_key_beside_db("av.db.audit-key", "av.db"), 1);
	cr_assert_eq(audit_key_beside_db("/tmp/k", "av.db"), 0);
}
