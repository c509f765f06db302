/* yamlmap.c - YAML mappings as flat key lists, through libyaml's events. */
#include "yamlmap.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 8

struct parser {
	yaml_parser_t p;
	yaml_event_t ev;
	bool have;
	size_t base;
	struct ferr *e;
	int err;
};

static int next(struct parser *ps)
{
	if (ps->have)
		yaml_event_delete(&ps->ev);
	ps->have = false;
	if (!yaml_parser_parse(&ps->p, &ps->ev))
		return ps->err = ferr_set(ps->e, FOLIO_EINPUT, "line %zu: %s",
					  ps->p.problem_mark.line + 1 + ps->base,
					  ps->p.problem ? ps->p.problem : "YAML error");
	ps->have = true;
	const yaml_event_t *v = &ps->ev;
	if (v->type == YAML_ALIAS_EVENT ||
	    (v->type == YAML_SCALAR_EVENT && v->data.scalar.anchor) ||
	    (v->type == YAML_SEQUENCE_START_EVENT && v->data.sequence_start.anchor) ||
	    (v->type == YAML_MAPPING_START_EVENT && v->data.mapping_start.anchor))
		return ps->err = ferr_set(ps->e, FOLIO_EINPUT,
					  "line %zu: YAML anchors and aliases are not accepted",
					  v->start_mark.line + 1 + ps->base);
	return 0;
}

static size_t line_of(const struct parser *ps)
{
	return ps->ev.start_mark.line + 1 + ps->base;
}

static struct yaml_entry *add(struct yaml_map *m, const char *key, size_t line)
{
	m->v = xgrow(m->v, m->n, sizeof(*m->v));
	struct yaml_entry *en = &m->v[m->n++];
	memset(en, 0, sizeof(*en));
	en->key = xstrdup(key);
	en->line = line;
	return en;
}

static int parse_mapping(struct parser *ps, const char *prefix, int depth, struct yaml_map *m);

/* The value whose first event is current, under key. */
static int parse_value(struct parser *ps, const char *key, int depth, struct yaml_map *m)
{
	size_t line = line_of(ps);
	switch (ps->ev.type) {
	case YAML_SCALAR_EVENT: {
		struct yaml_entry *en = add(m, key, line);
		en->value = xstrdup((const char *)ps->ev.data.scalar.value);
		en->plain = ps->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return 0;
	}
	case YAML_SEQUENCE_START_EVENT: {
		struct yaml_entry *en = add(m, key, line);
		en->list = true;
		while (!next(ps) && ps->ev.type != YAML_SEQUENCE_END_EVENT) {
			if (ps->ev.type != YAML_SCALAR_EVENT)
				return ps->err = ferr_set(ps->e, FOLIO_EINPUT,
							  "line %zu: '%s' items must be plain values",
							  line_of(ps), key);
			en->items = xgrow(en->items, en->nitems, sizeof(*en->items));
			en->items[en->nitems++] = xstrdup((const char *)ps->ev.data.scalar.value);
		}
		return ps->err;
	}
	case YAML_MAPPING_START_EVENT:
		if (depth >= MAX_DEPTH)
			return ps->err = ferr_set(ps->e, FOLIO_EINPUT, "line %zu: nested too deeply",
						  line);
		return parse_mapping(ps, key, depth + 1, m);
	default:
		return ps->err = ferr_set(ps->e, FOLIO_EINPUT, "line %zu: unexpected YAML for '%s'",
					  line, key);
	}
}

/* The mapping whose MAPPING-START is current. */
static int parse_mapping(struct parser *ps, const char *prefix, int depth, struct yaml_map *m)
{
	while (!next(ps) && ps->ev.type != YAML_MAPPING_END_EVENT) {
		if (ps->ev.type != YAML_SCALAR_EVENT)
			return ps->err = ferr_set(ps->e, FOLIO_EINPUT, "line %zu: keys must be plain words",
						  line_of(ps));
		char *key = *prefix ? xasprintf("%s.%s", prefix, ps->ev.data.scalar.value)
				    : xstrdup((const char *)ps->ev.data.scalar.value);
		int err = next(ps) ? ps->err : parse_value(ps, key, depth, m);
		free(key);
		if (err)
			return err;
	}
	return ps->err;
}

int yaml_map_parse(const char *text, size_t len, size_t line_base, struct yaml_map *out,
		   struct ferr *e)
{
	struct parser ps = { .base = line_base, .e = e };
	memset(out, 0, sizeof(*out));
	yaml_parser_initialize(&ps.p);
	yaml_parser_set_input_string(&ps.p, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&ps.p, YAML_UTF8_ENCODING);
	while (!next(&ps) && (ps.ev.type == YAML_STREAM_START_EVENT ||
			      ps.ev.type == YAML_DOCUMENT_START_EVENT))
		;
	if (!ps.err) {
		if (ps.ev.type == YAML_MAPPING_START_EVENT)
			parse_mapping(&ps, "", 0, out);
		else if (!(ps.ev.type == YAML_STREAM_END_EVENT || ps.ev.type == YAML_DOCUMENT_END_EVENT ||
			   (ps.ev.type == YAML_SCALAR_EVENT && !*ps.ev.data.scalar.value)))
			ps.err = ferr_set(e, FOLIO_EINPUT, "line %zu: expected 'key: value' lines",
					  line_of(&ps));
	}
	if (ps.have)
		yaml_event_delete(&ps.ev);
	yaml_parser_delete(&ps.p);
	if (ps.err)
		yaml_map_release(out);
	return ps.err;
}

void yaml_map_release(struct yaml_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].key);
		free(m->v[i].value);
		for (size_t k = 0; k < m->v[i].nitems; k++)
			free(m->v[i].items[k]);
		free(m->v[i].items);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

const struct yaml_entry *yaml_map_get(const struct yaml_map *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].key, key))
			return &m->v[i];
	return NULL;
}
