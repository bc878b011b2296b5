/*
 * verbali_int.h - the builder the evaluation's minutes share
 * (verbali_seduta.c, verbali_atto.c): a minute's sections grown in an
 * arena, the tender's lines, the participants' table and the stored
 * results written out generically (docs/sua-verbali.md).  Not for other
 * modules: they call verbali_seduta_crea and verbali_atto_crea.
 */
#ifndef AV_SUA_VERBALI_INT_H
#define AV_SUA_VERBALI_INT_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/sua/verbale.h"

struct arena;
struct db;
struct val_lotto;

/* The minute being built: sections with their own growable arrays. */
struct vb {
	struct arena *a;
	struct verbale_sezione sez[VERBALE_SECTIONS_MAX];
	const char **par[VERBALE_SECTIONS_MAX];
	struct verbale_tabella *tab[VERBALE_SECTIONS_MAX];
	size_t nsez;
};

/* A new section titled titolo, its index in *idx; NULL when full. */
struct verbale_sezione *vb_sez_new(struct vb *b, const char *titolo,
                                   size_t *idx);
/* A paragraph (copied) at the end of section i. */
void vb_par_add(struct vb *b, size_t i, const char *s);
/* A stored result object as a section, every value written. */
void vb_json_section(struct vb *b, const char *titolo, json_t *obj, int depth);
/* The participants of lot l and their envelope A decisions. */
int vb_partecipanti(struct vb *b, struct db *db, const struct val_lotto *l,
                    struct av_err *err);
/* The ente, the tender's object, CIG, lot, procedure and criterion. */
void vb_gara(struct vb *b, struct db *db, const struct val_lotto *l,
             struct verbale *v);

#endif
