/*
 * checkpoint_fuzz.c - the reader of saved checkpoint files (`audit verify
 * --checkpoint FILE`: one checkpoint, an array, or the API's list envelope)
 * on arbitrary bytes: never crash, never accept a malformed checkpoint, and
 * what it accepts re-serialises to a checkpoint that parses to the same
 * bytes.  Input bounded like the other targets; jansson is not
 * instrumented, so the coverage that matters is our field checks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/sbuf.h"
#include "json/jw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_checkpoint *cps = NULL, back;
	json_t *j, *again;
	size_t n = 0, i;

	if (size > 4096)
		return 0;
	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (j == NULL)
		return 0;
	if (audit_checkpoints_from_json(j, &cps, &n, &err) == AV_OK) {
		for (i = 0; i < n; i++) {
			if (audit_time_valid(cps[i].time) != 0 ||
			    strlen(cps[i].hash) != AUDIT_HASH_HEX ||
			    cps[i].seq < 0)
				abort();
			/* Written as the API writes it, read back. */
			{
				struct sbuf sb;
				struct jw w;

				sbuf_init(&sb, 8192);
				jw_init(&w, &sb);
				audit_checkpoint_write(&w, &cps[i]);
				if (jw_finish(&w) != 0 || sbuf_err(&sb))
					abort();
				again = json_loadb(sb.buf, sb.len, 0, NULL);
				sbuf_release(&sb);
			}
			av_err_clear(&err);
			if (again == NULL ||
			    audit_checkpoint_from_json(again, &back, &err) !=
			        AV_OK ||
			    memcmp(&back, &cps[i], sizeof(back)) != 0)
				abort();
			json_decref(again);
		}
	} else if (err.code != AV_EINVAL && err.code != AV_ETOOBIG) {
		abort();
	}
	free(cps);
	json_decref(j);
	return 0;
}
