/* Unit test: every glyph the samples use has ink.  Every distinct character
 * of the sample articles (and of a line of rare characters and pinyin) is
 * set alone in its own cell, in the face the typesetter chooses for it; the
 * PDF is rendered with pdftoppm and each cell must hold dark pixels. */
#include "test.h"
#include "buf.h"
#include "fonts.h"
#include "pdf.h"
#include "utf8.h"
#include "layout/typeset.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 595.0
#define CELL 28.0
#define SIZE 20.0
#define PER_ROW 20
#define ROWS 20
#define DPI 72

static int advance(void *ctx, enum font_role role, uint32_t cp)
{
	return fontset_advance(ctx, role, cp);
}

/* Distinct visible code points of text, appended to set. */
static void collect(const char *text, uint32_t **set, size_t *n)
{
	size_t len = strlen(text), i = 0;
	while (i < len) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)text + i, len - i, &cp);
		i += (size_t)(k > 0 ? k : 1);
		if (k < 0 || utf8_is_space(cp) || cp < 0x21 || cp == 0xFEFF)
			continue;
		bool seen = false;
		for (size_t j = 0; j < *n && !seen; j++)
			seen = (*set)[j] == cp;
		if (!seen) {
			*set = xrealloc(*set, (*n + 1) * sizeof(**set));
			(*set)[(*n)++] = cp;
		}
	}
}

static int dark(const unsigned char *px, int w, int h, double x0, double y0, double x1, double y1)
{
	int n = 0;
	for (int r = (int)((PAGE - y1) * DPI / 72); r <= (int)((PAGE - y0) * DPI / 72); r++)
		for (int c = (int)(x0 * DPI / 72); c <= (int)(x1 * DPI / 72); c++)
			if (r >= 0 && r < h && c >= 0 && c < w)
				n += px[(size_t)r * (size_t)w + (size_t)c] < 160;
	return n;
}

int main(void)
{
	struct fontset *fs;
	struct ferr e = FERR_INIT;
	if (fontset_open("fonts", &fs, &e)) {
		CHECK(0, "fonts load (run make fonts): %s", e.msg);
		return test_done();
	}
	uint32_t *cps = NULL;
	size_t n = 0;
	DIR *d = opendir("archive/samples");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *path = xasprintf("archive/samples/%s", de->d_name);
		unsigned char *text;
		size_t len;
		if (!read_file(path, &text, &len, NULL)) {
			collect((char *)text, &cps, &n);
			free(text);
		}
		free(path);
	}
	if (d)
		closedir(d);
	collect("𠮷𬭶𫓧㐀 lǖ lǘ lǚ lǜ “”‘’——……《》【】", &cps, &n);
	printf("# %zu distinct characters\n", n);
	CHECK(n > 500, "the samples use many characters (%zu)", n);

	/* One cell per character, in the face the typesetter picks for it. */
	struct para_style ps = { 0 };
	ps.size = SIZE;
	ps.width = 1000;
	ps.faces = (struct face_choice){ FONT_SERIF, FONT_SANS, FONT_KAI, FONT_LATIN,
					 FONT_LATIN_BOLD, FONT_LATIN_ITALIC, FONT_MONO };
	struct measurer m = { fs, advance };
	struct display dl;
	display_init(&dl);
	enum font_role *roles = xcalloc(n, sizeof(*roles));
	size_t per_page = PER_ROW * ROWS, missing = 0;
	for (size_t i = 0; i < n; i++) {
		char s[5] = { 0 };
		utf8_encode(cps[i], s);
		struct set_para p;
		typeset_paragraph(s, strlen(s), NULL, 0, &ps, &m, &p);
		roles[i] = p.nlines && p.lines[0].nruns ? p.lines[0].runs[0].font : FONT_SERIF;
		missing += p.nmissing;
		set_para_release(&p);
		if (i % per_page == 0)
			display_add_page(&dl, PAGE, PAGE);
		size_t k = i % per_page;
		double x = 10 + (double)(k % PER_ROW) * CELL, y = PAGE - 10 - (double)(k / PER_ROW + 1) * CELL;
		display_text(&dl, (int)(i / per_page), x, y, roles[i], SIZE, 0, s, strlen(s), -1);
	}
	CHECK(missing == 0, "every character has a face (%zu missing)", missing);
	char dir[] = "/tmp/folio-ink.XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "temporary directory");
	char *pdf = xasprintf("%s/ink.pdf", dir);
	CHECK(pdf_write(&dl, fs, pdf, &e) == 0, "the grid writes: %s", e.msg);
	char *cmd = xasprintf("pdftoppm -r %d -gray '%s' '%s/p'", DPI, pdf, dir);
	int st = system(cmd);
	CHECK(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "pdftoppm renders");
	free(cmd);

	size_t blank = 0;
	for (size_t page = 0; page < dl.npages; page++) {
		char *pgm = NULL;
		/* pdftoppm numbers pages with as many digits as the last needs */
		for (int digits = 1; digits <= 3 && !pgm; digits++) {
			char *try = xasprintf("%s/p-%0*zu.pgm", dir, digits, page + 1);
			if (access(try, R_OK) == 0)
				pgm = try;
			else
				free(try);
		}
		unsigned char *data = NULL;
		size_t len;
		int w = 0, h = 0, maxv = 0, off = 0;
		if (!pgm || read_file(pgm, &data, &len, NULL) ||
		    sscanf((char *)data, "P5 %d %d %d%n", &w, &h, &maxv, &off) != 3) {
			CHECK(0, "page %zu rendered", page + 1);
			free(pgm);
			free(data);
			continue;
		}
		const unsigned char *px = data + off + 1;
		for (size_t k = 0; k < per_page && page * per_page + k < n; k++) {
			size_t i = page * per_page + k;
			double x = 10 + (double)(k % PER_ROW) * CELL;
			double y = PAGE - 10 - (double)(k / PER_ROW + 1) * CELL;
			/* The em box above the baseline and a little below it. */
			if (dark(px, w, h, x - 1, y - 0.25 * SIZE, x + SIZE + 1, y + 0.95 * SIZE) == 0) {
				char s[5] = { 0 };
				utf8_encode(cps[i], s);
				printf("# no ink: U+%04X %s in %s\n", cps[i], s, font_role_name(roles[i]));
				blank++;
			}
		}
		if (page + 1 == dl.npages && n % per_page) {
			/* A control: the first empty cell has no ink. */
			size_t k = n % per_page;
			double x = 10 + (double)(k % PER_ROW) * CELL;
			double y = PAGE - 10 - (double)(k / PER_ROW + 1) * CELL;
			CHECK(dark(px, w, h, x - 1, y - 0.25 * SIZE, x + SIZE + 1, y + 0.95 * SIZE) == 0,
			      "control: the first empty cell has no ink");
		}
		unlink(pgm);
		free(pgm);
		free(data);
	}
	CHECK(blank == 0, "every one of %zu glyphs has ink (%zu blank)", n, blank);
	unlink(pdf);
	rmdir(dir);
	free(pdf);
	free(roles);
	free(cps);
	display_release(&dl);
	fontset_close(fs);
	return test_done();
}
