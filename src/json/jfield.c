/*
 * jfield.c - field readers for JSON request bodies; see jfield.h.
 */
#include <string.h>

#include "json/jfield.h"

int
jf_object(json_t *v, const char *where, const char *const *allowed,
          struct av_err *err)
{
	const char *key;
	json_t *val;

	if (!json_is_object(v))
		return av_fail(err, AV_EINVAL, where,
		               "Atteso un oggetto JSON.");
	json_object_foreach(v, key, val)
	{
		const char *const *a;
		int known = 0;

		(void)val;
		for (a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				known = 1;
		if (!known)
			return av_fail(err, AV_EINVAL, key,
			               "Campo '%.64s' non previsto.", key);
	}
	return AV_OK;
}

int
jf_string(json_t *o, const char *key, int required, size_t max_bytes,
          const char **out, struct av_err *err)
{
	json_t *v = json_object_get(o, key);
	const char *s;
	size_t len, i;

	*out = NULL;
	if (v == NULL || (json_is_null(v) && !required)) {
		if (required)
			return av_fail(err, AV_EINVAL, key,
			               "Il campo '%s' è obbligatorio.", key);
		return AV_OK;
	}
	if (!json_is_string(v))
		return av_fail(err, AV_EINVAL, key,
		               "Il campo '%s' deve essere un testo.", key);
	s = json_string_value(v);
	len = json_string_length(v);
	if (strlen(s) != len)
		return av_fail(err, AV_EINVAL, key,
		               "Il campo '%s' contiene un carattere nullo.",
		               key);
	if (len > max_bytes)
		return av_fail(err, AV_EINVAL, key,
		               "Il campo '%s' supera %zu caratteri.", key,
		               max_bytes);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return av_fail(err, AV_EINVAL, key,
			               "Il campo '%s' contiene caratteri di"
			               " controllo.",
			               key);
	*out = s;
	return AV_OK;
}

int
jf_int(json_t *o, const char *key, int required, int64_t min, int64_t max,
       int64_t *out, int *present, struct av_err *err)
{
	json_t *v = json_object_get(o, key);

	if (present)
		*present = 0;
	if (v == NULL) {
		if (required)
			return av_fail(err, AV_EINVAL, key,
			               "Il campo '%s' è obbligatorio.", key);
		return AV_OK;
	}
	if (!json_is_integer(v))
		return av_fail(err, AV_EINVAL, key,
		               "Il campo '%s' deve essere un numero intero.",
		               key);
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return av_fail(err, AV_EINVAL, key,
		               "Il campo '%s' deve essere tra %lld e %lld.",
		               key, (long long)min, (long long)max);
	*out = json_integer_value(v);
	if (present)
		*present = 1;
	return AV_OK;
}

int
jf_bool(json_t *o, const char *key, int required, int *out, int *present,
        struct av_err *err)
{
	json_t *v = json_object_get(o, key);

	if (present)
		*present = 0;
	if (v == NULL) {
		if (required)
			return av_fail(err, AV_EINVAL, key,
			               "Il campo '%s' è obbligatorio.", key);
		return AV_OK;
	}
	if (!json_is_boolean(v))
		return av_fail(err, AV_EINVAL, key,
		               "Il campo '%s' deve essere true o false.", key);
	*out = json_is_true(v);
	if (present)
		*present = 1;
	return AV_OK;
}
