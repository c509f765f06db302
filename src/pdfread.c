/* pdfread.c - a PDF's associated files, read through libqpdf's C API. */
#include "pdfread.h"

#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

/* A name object's text without its '/', or "" (qpdf owns the result until
 * the next call). */
static const char *name_of(qpdf_data q, qpdf_oh oh)
{
	if (!qpdf_oh_is_name(q, oh))
		return "";
	const char *s = qpdf_oh_get_name(q, oh);
	return s && *s == '/' ? s + 1 : s ? s : "";
}

static char *string_of(qpdf_data q, qpdf_oh dict, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key(q, dict, key);
	if (!qpdf_oh_is_string(q, v))
		return NULL;
	const char *s = qpdf_oh_get_utf8_value(q, v);
	return xstrdup(s ? s : "");
}

static int read_one(qpdf_data q, qpdf_oh spec, int index, struct pdf_associated *a,
		    struct ferr *e)
{
	memset(a, 0, sizeof(*a));
	if (!qpdf_oh_is_dictionary(q, spec))
		return ferr_set(e, FOLIO_EINPUT, "associated file %d is not a file specification",
				index + 1);
	a->name = string_of(q, spec, "/UF");
	if (!a->name)
		a->name = string_of(q, spec, "/F");
	if (!a->name)
		a->name = xstrdup("");
	a->relationship = xstrdup(name_of(q, qpdf_oh_get_key(q, spec, "/AFRelationship")));
	qpdf_oh ef = qpdf_oh_get_key(q, spec, "/EF");
	qpdf_oh stream = qpdf_oh_get_key(q, ef, "/UF");
	if (!qpdf_oh_is_stream(q, stream))
		stream = qpdf_oh_get_key(q, ef, "/F");
	if (!qpdf_oh_is_stream(q, stream)) {
		a->mime = xstrdup("");
		return ferr_set(e, FOLIO_EINPUT, "associated file %d (%s) has no embedded stream",
				index + 1, a->name);
	}
	a->mime = xstrdup(name_of(q, qpdf_oh_get_key(q, qpdf_oh_get_dict(q, stream), "/Subtype")));
	QPDF_BOOL filtered = QPDF_FALSE;
	unsigned char *data = NULL;
	size_t len = 0;
	if (qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &filtered, &data, &len) &
	    QPDF_ERRORS || !filtered) {
		free(data);
		return ferr_set(e, FOLIO_EINPUT, "associated file %d (%s): its stream does not decode",
				index + 1, a->name);
	}
	/* qpdf's buffer comes from malloc; an empty file may give none. */
	a->data = data ? data : xcalloc(1, 1);
	a->len = len;
	return 0;
}

int pdf_associated_files(const char *path, struct pdf_associated **out, size_t *n,
			 struct ferr *e)
{
	*out = NULL;
	*n = 0;
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	int err = 0;
	if (qpdf_read(q, path, NULL) & QPDF_ERRORS) {
		qpdf_error qe = qpdf_get_error(q);
		err = ferr_set(e, FOLIO_EINPUT, "not a readable PDF: %s",
			       qe ? qpdf_get_error_message_detail(q, qe) : "qpdf could not read it");
		goto done;
	}
	qpdf_oh af = qpdf_oh_get_key(q, qpdf_get_root(q), "/AF");
	if (!qpdf_oh_is_array(q, af))
		goto done;
	int count = qpdf_oh_get_array_n_items(q, af);
	struct pdf_associated *v = xcalloc(count > 0 ? (size_t)count : 1, sizeof(*v));
	for (int i = 0; i < count && !err; i++) {
		err = read_one(q, qpdf_oh_get_array_item(q, af, i), i, &v[i], e);
		*n = (size_t)i + 1;
	}
	*out = v;
	if (err) {
		pdf_associated_free(v, *n);
		*out = NULL;
		*n = 0;
	}
done:
	qpdf_cleanup(&q);
	return err;
}

void pdf_associated_free(struct pdf_associated *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].relationship);
		free(v[i].mime);
		free(v[i].data);
	}
	free(v);
}
