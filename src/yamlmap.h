/*
 * yamlmap.h - the YAML folio reads (Markdown front matter, layout files) as
 * a flat list of keys: a mapping whose values are scalars, lists of
 * scalars, or nested mappings (their keys joined with '.': "fonts.body").
 * yamlmap.c is the only file that includes libyaml.  Anchors and aliases
 * are refused: they serve no purpose in these files and make alias bombs
 * possible.
 *
 * Ownership: struct yaml_map owns every string in it; yaml_map_release()
 * frees them.
 */
#ifndef FOLIO_YAMLMAP_H
#define FOLIO_YAMLMAP_H

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

struct yaml_entry {
	char *key;     /* "title", "fonts.body" */
	size_t line;   /* 1-based, counting line_base */
	bool list;     /* a sequence: items, else value */
	bool plain;    /* the scalar was unquoted (so "null" and "~" mean null) */
	char *value;
	char **items;
	size_t nitems;
};

struct yaml_map {
	struct yaml_entry *v;
	size_t n;
};

/* Parse text[0..len).  Line numbers in messages and entries are offset by
 * line_base (the line of the file where text starts, minus one).  Empty
 * input gives an empty map.  Returns 0 or FOLIO_EINPUT with "line N: why". */
int yaml_map_parse(const char *text, size_t len, size_t line_base, struct yaml_map *out,
		   struct ferr *e);
void yaml_map_release(struct yaml_map *m);

/* The entry for key, or NULL. */
const struct yaml_entry *yaml_map_get(const struct yaml_map *m, const char *key);

#endif
