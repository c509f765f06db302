/* fonts.c - `folio fonts`: the font roles, their files and coverage. */
#include "cmd.h"
#include "../edition.h"
#include "../fonts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_fonts(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 } };
	struct fontset *fs;
	struct ferr e = FERR_INIT;
	int c;
	(void)ctx;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help_for("fonts");
		return cmd_option_error("fonts", argv, opts);
	}
	if (optind < argc)
		return cmd_usage_error("fonts", "unexpected argument '%s'", argv[optind]);
	char *dir = edition_data_dir();
	char *fonts = xasprintf("%s/fonts", dir);
	int err = fontset_open(fonts, &fs, &e);
	if (err) {
		cmd_error(fonts, "%s (run 'make fonts' to prepare the fonts)", e.msg);
		free(fonts);
		free(dir);
		return EXIT_SOME_FAILED;
	}
	printf("%-13s %-8s %s\n", "ROLE", "CHARS", "FILE");
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		printf("%-13s %-8zu %s%s\n", font_role_name((enum font_role)r),
		       fontset_coverage(fs, (enum font_role)r), fontset_path(fs, (enum font_role)r),
		       fontset_face_index(fs, (enum font_role)r) ? " (face 1+)" : "");
	fontset_close(fs);
	free(fonts);
	free(dir);
	return EXIT_OK;
}
