/*
 * saml_idp_live.c - the identity providers' list a running server swaps
 * when AgID's metadata is refreshed (saml_idp_fetch.h).  The list loaded
 * at start (saml_config.c) is read without locks by request threads; a
 * refreshed list is published with one atomic pointer store, and the
 * request threads' accessors (saml_idp_count/at/find) read it with one
 * atomic load.  A replaced list may still be in a request's hands: it is
 * kept, and freed only by a later publish once it has been retired for
 * SAML_IDP_RETIRE_S seconds (no request lasts that long; refreshes are
 * daily).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/file.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "identity/saml.h"
#include "identity/saml_idp_fetch.h"
#include "identity/saml_int.h"

#define MD_NS "urn:oasis:names:tc:SAML:2.0:metadata"

static _Atomic(struct saml_idp_set *) live;
static pthread_mutex_t publish_lock = PTHREAD_MUTEX_INITIALIZER;
static struct saml_idp_set *retired; /* under publish_lock */

const struct saml_idp_set *
saml_idp_live(void)
{
	return atomic_load_explicit(&live, memory_order_acquire);
}

static int
is_md(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       xmlStrcmp(n->ns->href, BAD_CAST MD_NS) == 0 &&
	       xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static xmlNodePtr
md_child(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n ? n->children : NULL; c != NULL; c = c->next)
		if (is_md(c, name))
			return c;
	return NULL;
}

static void
text_of(xmlNodePtr n, char *out, size_t cap)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;

	if (t != NULL)
		str_copy(out, cap, (const char *)t);
	xmlFree(t);
}

/* The IdPs under n (an aggregate, or one entity) appended to set. */
static void
collect(xmlNodePtr n, struct saml_idp_set *set)
{
	xmlNodePtr c;

	if (is_md(n, "EntityDescriptor")) {
		xmlChar *eid = xmlGetProp(n, BAD_CAST "entityID");
		xmlNodePtr org = md_child(n, "Organization");
		struct saml_idp *idp = &set->idp[set->n];

		if (eid != NULL && md_child(n, "IDPSSODescriptor") != NULL &&
		    set->n < SAML_IDP_MAX && xmlStrlen(eid) <= SAML_URL_MAX) {
			memset(idp, 0, sizeof(*idp));
			str_copy(idp->entity_id, sizeof(idp->entity_id),
			         (const char *)eid);
			text_of(md_child(org, "OrganizationDisplayName"),
			        idp->name, sizeof(idp->name));
			if (idp->name[0] == '\0')
				text_of(md_child(org, "OrganizationName"),
				        idp->name, sizeof(idp->name));
			if (idp->name[0] == '\0')
				str_copy(idp->name, sizeof(idp->name),
				         idp->entity_id);
			idp->tipo = SAML_SPID;
			idp->metadata = saml_entity_dump(n);
			if (idp->metadata != NULL)
				set->n++;
		}
		xmlFree(eid);
		return;
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			collect(c, set);
}

static void
set_free(struct saml_idp_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->idp[i].metadata);
	free(s->idp);
	free(s);
}

int
saml_idp_reload(const char *path, struct av_err *err)
{
	struct sbuf buf = SBUF_INIT(SAML_METADATA_MAX);
	struct saml_idp_set *set, *old, **pp;
	xmlDocPtr doc;
	size_t i, n;
	time_t now = time(NULL);

	if (file_read_all(path, &buf, err) != AV_OK) {
		sbuf_release(&buf);
		return err->code;
	}
	if (strstr(buf.buf, "<!DOCTYPE") != NULL)
		doc = NULL;
	else
		doc = xmlReadMemory(buf.buf, (int)buf.len, NULL, NULL,
		                    XML_PARSE_NONET | XML_PARSE_NOERROR |
		                        XML_PARSE_NOWARNING);
	sbuf_release(&buf);
	if (doc == NULL)
		return av_fail(err, AV_EINVAL, "idp_spid",
		               "Il metadata %s non è XML valido.", path);
	set = xcalloc(1, sizeof(*set));
	set->idp = xcalloc(SAML_IDP_MAX, sizeof(*set->idp));
	collect(xmlDocGetRootElement(doc), set);
	xmlFreeDoc(doc);
	/* The CIE providers of the list in use stay as they are. */
	n = saml_idp_count();
	for (i = 0; i < n && set->n < SAML_IDP_MAX; i++) {
		const struct saml_idp *c = saml_idp_at(i);

		if (c == NULL || c->tipo != SAML_CIE || c->metadata == NULL)
			continue;
		set->idp[set->n] = *c;
		set->idp[set->n].metadata = xstrdup(c->metadata);
		set->n++;
	}
	pthread_mutex_lock(&publish_lock);
	old = atomic_exchange_explicit(&live, set, memory_order_acq_rel);
	if (old != NULL) {
		old->retired = now;
		old->next = retired;
		retired = old;
	}
	/* Free the lists retired long enough ago (the oldest are last). */
	for (pp = &retired; *pp != NULL;) {
		if (now - (*pp)->retired >= SAML_IDP_RETIRE_S) {
			struct saml_idp_set *f = *pp;

			*pp = f->next;
			set_free(f);
		} else {
			pp = &(*pp)->next;
		}
	}
	pthread_mutex_unlock(&publish_lock);
	return AV_OK;
}
