/* help.c - the command table, `folio help` and every command's help text. */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

const struct command commands[] = {
	{ "init", cmd_init, "create the archive (or upgrade it to this folio's schema)",
	  "usage: folio [--archive PATH] init\n\n"
	  "Create the archive if it does not exist, or upgrade an archive made by an\n"
	  "older folio.  Every other command does the same on first use.\n" },
	{ "ingest", cmd_ingest, "store articles from files and directories",
	  "usage: folio ingest [--format auto|markdown|webtext|html|text] [--section S]\n"
	  "                    [--encoding ENC] [--lossy] [--cjk-punct] [--date DATE]\n"
	  "                    [--follow-symlinks] [--report FILE] [--jobs N] [-v|-q] PATH...\n\n"
	  "Store each file (directories are walked recursively, hidden entries skipped)\n"
	  "as an article, with its original bytes, each article whole or not at all;\n"
	  "'-' reads one article from standard input (named '-' in the archive).\n"
	  "Input that is byte- or text-identical to an archived article is a duplicate\n"
	  "and stores nothing (but the photos of an original stored before folio kept\n"
	  "photos, which it lists and keeps then); the same article (same id, URL, or\n"
	  "date, first author and title) with different content becomes a new revision,\n"
	  "the earlier one kept;\n"
	  "an undated article without id or URL is never a revision of another.\n"
	  "A file whose text gives no date takes the one in its name or folders\n"
	  "(2019-01-08.txt, 20190109.txt, 2019/01/08/x.txt).\n"
	  "Images, media, archives and other binary files are skipped with a reason.\n\n"
	  "  --format F      markdown (YAML front matter), webtext (web-page text dump),\n"
	  "                  html, text (plain text: a title line, then paragraphs), or\n"
	  "                  auto (default: by front matter, content and name; text\n"
	  "                  without metadata lines is plain text)\n"
	  "  --section S     file the articles under section S\n"
	  "  --encoding ENC  the files' encoding (default: detected; see 'folio detect')\n"
	  "  --lossy         store files with undecodable bytes, as U+FFFD, marked lossy\n"
	  "                  (default: refuse them, naming the byte offset)\n"
	  "  --cjk-punct     ASCII , : ; ! ? ( ) between Chinese characters become full\n"
	  "                  width in the stored text (never in the original)\n"
	  "  --date DATE     the date of files that give none in their text or name\n"
	  "                  (2019-01-29, 2019年1月29日...; where each date came from is kept:\n"
	  "                  front matter, page, file name or --date)\n"
	  "  --follow-symlinks  follow symbolic links that lead out of the directories\n"
	  "                  given (default: skipped, and said so); a loop is never walked\n"
	  "  --report FILE   one JSON line per input: path, status (new, revised,\n"
	  "                  duplicate, skipped, failed), encoding, id, reason ('-': stdout)\n"
	  "  --jobs N        read, decode and parse files on N threads beside the one\n"
	  "                  that stores them, in order (default: one per processor but\n"
	  "                  one, at most 3; 0: none); the results are the same\n"
	  "  -v, --verbose   a line for every file (default: only revised, duplicate, skipped)\n"
	  "  -q, --quiet     only the summary line\n\n"
	  "Bad files are reported as 'folio: FILE: reason' and the run goes on; the\n"
	  "exit status is 1 if any failed.  Articles are committed in batches and\n"
	  "reported once committed; Ctrl-C or a kill leaves every committed article\n"
	  "whole and no partial one, and running the same command again finishes the\n"
	  "rest.  On a terminal, a progress line shows files done, rate and time left.\n"
	  "The last line counts new, revised, duplicate and failed files.\n" },
	{ "list", cmd_list, "list articles by publication date",
	  "usage: folio list [--from DATE] [--to DATE] [--month YYYY-MM] [--section S]\n"
	  "                  [--author NAME] [--limit N] [--json]\n"
	  "       folio list --sections [--json]\n\n"
	  "List articles in order of publication.  Dates are YYYY-MM-DD, inclusive.\n"
	  "  --author NAME  by NAME (one of its authors, or its editor, whole name)\n"
	  "  --limit N      the first N only\n"
	  "  --sections     the sections instead, with how many articles each has\n"
	  "  --json         one JSON object per line (the keys of 'folio show --json')\n"
	  "Exit status 1 when nothing is selected.\n" },
	{ "show", cmd_show, "show one article, its original bytes or its revisions",
	  "usage: folio show ID [--json] [--original] [--revisions] [--image N]\n\n"
	  "The text form lists the article's images: each kept in the archive\n"
	  "(type, size, SHA-256, caption) or MISSING with why it could not be kept.\n\n"
	  "  --json        the article as one JSON object (its images under \"images\")\n"
	  "  --original    write the stored original bytes, unchanged, to standard output\n"
	  "  --revisions   every revision, oldest first, the current one last\n"
	  "  --image N     write image N's bytes, exactly as ingested, to standard output\n" },
	{ "search", cmd_search, "full-text search (Chinese words of any length, Latin words)",
	  "usage: folio search QUERY... [--from DATE] [--to DATE] [--month YYYY-MM]\n"
	  "                    [--section S] [--author NAME] [--source NAME] [--held]\n"
	  "                    [--revised] [--sort rank|date] [--limit N] [--offset N] [--json]\n\n"
	  "Find articles by title, body, authors, editor, source and section, best\n"
	  "first, with a snippet.  Chinese is matched exactly at any length (党, 百丈,\n"
	  "鄞州新闻网); Latin words ignore case.  The query:\n"
	  "  鄞州 党建          both (spaces mean AND)\n"
	  "  \"about article\"   the words together, in this order\n"
	  "  -广告, NOT 广告     without it\n"
	  "  图书馆 OR 书房      either; OR binds the terms beside it (a b OR c is\n"
	  "                    a AND (b OR c))\n"
	  "  libr*             Latin words beginning so (two letters at least)\n"
	  "A query that cannot mean what it says (an open quote, OR or NOT with\n"
	  "nothing after it, an exclusion inside an OR, exclusions only, over 1,000\n"
	  "bytes) is refused with the reason.  When a word is in very many articles,\n"
	  "only the newest matches are ranked (the command says so); --sort date\n"
	  "lists every match, newest publication first.\n"
	  "  --from, --to D   published on or after, on or before D (YYYY-MM-DD)\n"
	  "  --month M        published in M (YYYY-MM)\n"
	  "  --section S      in section S (exactly)\n"
	  "  --author NAME    by NAME (one of its authors, or its editor, whole name)\n"
	  "  --source NAME    from source NAME (exactly)\n"
	  "  --held           only articles under a legal hold in force\n"
	  "  --revised        only articles with earlier revisions\n"
	  "  --limit N        at most N results (default 20); --offset N skips N first\n"
	  "  --json           one JSON object per line, with snippet and rank\n"
	  "Exit status 1 when nothing is found.\n" },
	{ "check", cmd_check, "verify the archive: database integrity and every original's SHA-256",
	  "usage: folio check\n\n"
	  "Run SQLite's integrity check and the search index's, and re-hash every\n"
	  "stored original against its SHA-256.  Each problem is reported by article;\n"
	  "the exit status is 1 if there is any.\n" },
	{ "detect", cmd_detect, "tell which encoding files are in, and why",
	  "usage: folio detect [--json] FILE...\n\n"
	  "For each file print its path, the encoding folio would read it in, how sure\n"
	  "it is (0 to 1) and the evidence, tab-separated on one line.  The evidence,\n"
	  "strongest first: a byte-order mark (UTF-8, UTF-16, UTF-32, GB18030); valid\n"
	  "UTF-8; a charset the file declares (XML prolog, HTML <meta>), if its bytes\n"
	  "decode under it; uchardet on the Han-rich part of the text, choosing\n"
	  "between the GB family and Big5.  The GB family (GB2312, GBK, CP936) is\n"
	  "read as GB18030, its superset.\n\n"
	  "  --json   one JSON object per line: path, encoding, converter, evidence,\n"
	  "           confidence\n\n"
	  "A file that cannot be read, or whose bytes fit no encoding, is reported as\n"
	  "'folio: FILE: reason'; the exit status is then 1.\n" },
	{ "convert", cmd_convert, "convert files between UTF-8, GB18030, GBK, GB2312 and Big5",
	  "usage: folio convert [--from ENC|auto] --to ENC [--subst] FILE... [-o OUT]\n\n"
	  "Read each file (in the encoding 'folio detect' finds, or --from) and write\n"
	  "it in --to, without the archive.  Any byte-order mark is dropped.\n\n"
	  "  --from ENC   the files' encoding: any name iconv knows (gb2312, gbk,\n"
	  "               big5, utf-16le, ...), or auto (default)\n"
	  "  --to ENC     utf-8, gb18030, gbk, gb2312 or big5\n"
	  "  --subst      write '?' for characters the target lacks; without it such\n"
	  "               a file fails, each character listed with its line and column\n"
	  "  -o OUT       one file: write OUT (or OUT/NAME if OUT is a directory);\n"
	  "               several files: OUT is a directory, created if missing, and\n"
	  "               each keeps its name.  Without -o, one file goes to standard\n"
	  "               output.\n\n"
	  "Outputs are written to a temporary file and renamed, so a failed conversion\n"
	  "leaves no partial file.  GB18030 holds every Unicode character; text read\n"
	  "from GB2312 converts back to GB2312.  Errors are reported as\n"
	  "'folio: FILE: reason' and the other files still converted; the exit status\n"
	  "is 1 if any failed, 2 for a usage error.\n" },
	{ "edition", cmd_edition, "lay out a PDF edition (a month, a date range or chosen articles)",
	  "usage: folio edition (--month YYYY-MM | --from DATE --to DATE | --ids N,M,...)\n"
	  "                     [--section S] [--layout NAME|FILE] [--title T] [--issue N]\n"
	  "                     [--pdfa 2u|3u|none] [--force] -o FILE.pdf\n\n"
	  "Set the chosen articles as a printable PDF: grouped by section (sections in\n"
	  "the order of their first article), by publication date within a section;\n"
	  "each under its headline, subtitle and byline, with the editor and\n"
	  "correction contact at its end; a cover, contents with page numbers,\n"
	  "running heads and page numbers as the layout says (default: monthly);\n"
	  "bookmarks for every section and article.  Fonts are embedded as subsets\n"
	  "and the text can be searched and copied.  The same archive, layout and\n"
	  "fonts give a byte-identical PDF (SOURCE_DATE_EPOCH sets its date).  The\n"
	  "edition is recorded in the archive with its SHA-256 and article list.\n"
	  "The PDF is PDF/A-2u (XMP metadata, an sRGB output intent) and tagged: its\n"
	  "structure tree follows the reading order (see docs/pdfa.md).\n\n"
	  "  --layout L   a name in layouts/ (monthly, article, booklet) or a YAML file\n"
	  "  --title T    the document title (default: masthead, month and issue)\n"
	  "  --issue N    the issue number on the cover\n"
	  "  --pdfa P     2u (the default, or the layout's pdfa:), 3u, or none for a\n"
	  "               plain PDF without PDF/A metadata (still tagged)\n"
	  "  --force      replace FILE.pdf if it exists (without it, it is refused)\n" },
	{ "print", cmd_print, "lay out one article as a PDF",
	  "usage: folio print ID [--layout NAME|FILE] [--pdfa 2u|3u|none] [--force] -o FILE.pdf\n\n"
	  "Set one article with the article layout (A4, one column, a metadata block),\n"
	  "or another layout; as 'folio edition --ids ID'.  PDF/A-2u unless --pdfa\n"
	  "says otherwise; an existing FILE.pdf is replaced only with --force.\n" },
	{ "fonts", cmd_fonts, "list the font roles, their files and how many characters each covers",
	  "usage: folio fonts\n\n"
	  "Font roles (serif, sans, kai, latin, ...) and the prepared TrueType file that\n"
	  "serves each (fonts/roles; 'make fonts' prepares them).\n" },
	{ "export", cmd_export, "write articles out as JSON Lines, CSV, Markdown, text or PDF",
	  "usage: folio export --format jsonl|csv|markdown|txt|pdf [--encoding utf-8|gb18030]\n"
	  "                    [--bom] [--force] [--pdfa 2u|3u|none]\n"
	  "                    (--all | --month M | --from D --to D |\n"
	  "                    --section S | --query Q | --ids N,M,...) -o PATH\n\n"
	  "Write the current revision of the selected articles (all the selection\n"
	  "options together must hold; deleted articles are left out) in one of:\n"
	  "  jsonl      one file: a JSON object per line, the keys of 'folio show --json'\n"
	  "  csv        one file, RFC 4180: a header row of the same keys, CRLF between\n"
	  "             records, the body included; authors, contributors and tags as\n"
	  "             JSON arrays (e.g. [\"林晓\"]), an absent value as an empty field\n"
	  "  markdown   a file per article with YAML front matter that 'folio ingest'\n"
	  "             reads back to the same article (re-ingested into this archive,\n"
	  "             it is a duplicate)\n"
	  "  txt        a file per article: 'label：value' lines (标题, 作者, 发布时间, ...),\n"
	  "             a blank line, then the text, one line per paragraph\n"
	  "  pdf        a file per article, set as 'folio print' sets it (the article layout)\n\n"
	  "  -o PATH          jsonl, csv: a file, or - for standard output; the others: a\n"
	  "                   directory, created if missing, with one file per article\n"
	  "                   named DATE-ID-TITLE.EXT (the title made safe: no path\n"
	  "                   separators or control characters, at most 100 bytes)\n"
	  "  --encoding ENC   utf-8 (default) or gb18030, for every format but pdf;\n"
	  "                   GB18030 output is checked to read back as the same text, and\n"
	  "                   a Markdown or text file that folio would not recognise as\n"
	  "                   GB18030 by itself starts with the GB18030 byte-order mark\n"
	  "  --bom            start csv, markdown and txt files with a byte-order mark\n"
	  "                   (EF BB BF; 84 31 95 33 in GB18030), for spreadsheets\n"
	  "                   that otherwise misread UTF-8\n"
	  "  --force          replace existing files; without it an existing file is not\n"
	  "                   overwritten and that article (or the export) fails\n"
	  "  --all            every article; without it, choose with the selection options\n"
	  "  --pdfa P         pdf: 2u (the default), 3u or none (see 'folio help edition')\n\n"
	  "Every file is written to a temporary file beside it and renamed into place,\n"
	  "so a failure leaves no partial file.  Problems are reported as\n"
	  "'folio: FILE: reason' (or 'folio: article N: reason') and the other articles\n"
	  "are still exported.  Exit status: 0 success; 1 some articles failed or none\n"
	  "was selected; 2 usage error.\n" },
	{ "hold", cmd_hold, "put articles under a legal hold (or --list the holds)",
	  "usage: folio hold (ID... | --month M | --from D --to D | --section S | --query Q | --ids N,M)\n"
	  "                  --reason TEXT\n"
	  "       folio hold --list\n\n"
	  "While a hold is in force its articles cannot be changed (no new revision)\n"
	  "or deleted: the database itself refuses, naming the hold, so a direct SQL\n"
	  "edit fails too.  Every hold is written to the audit log.\n" },
	{ "release", cmd_release, "release a legal hold",
	  "usage: folio release HOLD-ID --reason TEXT\n" },
	{ "delete", cmd_delete, "delete an article (a tombstone is kept), or purge it",
	  "usage: folio delete ID --reason TEXT [--purge]\n\n"
	  "The article leaves search and listings; its row stays as a tombstone with\n"
	  "the time and the reason, and its original stays.  --purge, for data that\n"
	  "must go, also removes its text, every revision's and original's bytes and\n"
	  "the images no other article shows, keeping their sizes and SHA-256.  Held\n"
	  "articles cannot be deleted.\n" },
	{ "audit", cmd_audit, "print the audit log of every change, or --verify its chain",
	  "usage: folio audit [--verify [--head SEQ:HASH]]\n"
	  "       folio audit --head\n\n"
	  "Every ingest, revision, hold, release, deletion, snapshot and edition is\n"
	  "appended to a log whose entries each hold the SHA-256 of the one before.\n"
	  "--verify checks the chain and names the first entry that does not hold\n"
	  "(exit status 1); folio check does the same.\n\n"
	  "--head prints the chain's head, SEQ:HASH: keep it outside the archive (a\n"
	  "bag's bag-info.txt holds the head at its making as Folio-Audit-Head).\n"
	  "--verify --head SEQ:HASH then proves the log still extends it: nothing up\n"
	  "to that entry was removed or rewritten, even by someone who rewrote the\n"
	  "chain's hashes after it (exit status 1 if not).\n" },
	{ "snapshot", cmd_snapshot, "write a retention snapshot of articles as a BagIt bag",
	  "usage: folio snapshot (ID... | --month M | --from D --to D | --section S | --query Q | --ids N,M)\n"
	  "                      --reason TEXT [--holder NAME] [--organization NAME]\n"
	  "                      [--retain-until DATE | --retain-years N] [--sign KEY] -o DIR\n\n"
	  "Write the chosen articles into DIR (which must not exist) as a BagIt bag\n"
	  "(RFC 8493), and record the snapshot in the archive (time, selection,\n"
	  "reason, holder, path, articles, bag checksum) and its audit log.  The bag:\n"
	  "  bagit.txt, bag-info.txt, manifest-sha256.txt, manifest-sha512.txt,\n"
	  "  tagmanifest-sha256.txt, tagmanifest-sha512.txt, and under data/:\n"
	  "  originals/ID-rREV-NAME   every original of every revision, byte for byte\n"
	  "                           (NAME made safe: '%', spaces, controls become '_')\n"
	  "  articles/ID.json, ID.pdf each article as 'folio show --json' and as a PDF\n"
	  "                           (article layout, PDF/A-3u, carrying the original\n"
	  "                           and the JSON record inside: pdfdetach -list)\n"
	  "  edition.pdf              the selection as one edition (monthly layout)\n"
	  "  archive.sqlite           a self-contained folio archive of just these\n"
	  "                           articles, their revisions and originals\n"
	  "  README.md                what the bag is and how to check it (Chinese, English)\n"
	  "Everything comes from one consistent copy of the archive.  The bag is built\n"
	  "in a hidden directory beside DIR and renamed into place when complete, so\n"
	  "DIR never holds half a bag.  bag-info.txt (UTF-8) holds Source-Organization,\n"
	  "Bagging-Date (UTC), Payload-Oxum, Bag-Size (SI units, e.g. 2.4 MB),\n"
	  "External-Description (selection and reason), Retention-Until, Legal-Hold\n"
	  "(one line 'hold N: reason' for each hold in force on the articles, or\n"
	  "'none'), Holder, and Folio-Snapshot-Time, -Selection, -Reason, -Articles.\n"
	  "The bag checksum recorded is the SHA-256 of tagmanifest-sha256.txt.\n\n"
	  "  --reason TEXT         why the snapshot is taken (required)\n"
	  "  --holder NAME         who keeps the bag\n"
	  "  --organization NAME   Source-Organization (default: the masthead of the\n"
	  "                        monthly layout, e.g. 鄞州新闻)\n"
	  "  --retain-until DATE   keep the bag until this date (YYYY-MM-DD)\n"
	  "  --retain-years N      or for N years from the bagging date (default 10)\n"
	  "  -o, --output DIR      the bag's directory, which must not exist\n"
	  "  --sign KEY            sign the tag manifest with the OpenSSH private key\n"
	  "                        file KEY (ssh-keygen -Y sign, namespace folio-bag):\n"
	  "                        tagmanifest-sha256.txt.sig, checked by 'folio verify\n"
	  "                        --key KEY.pub' or by ssh-keygen alone (the bag's\n"
	  "                        README.md gives the command); bag-info.txt names the\n"
	  "                        key as Folio-Signed-By\n\n"
	  "On a terminal a progress line shows on stderr; Ctrl-C stops and leaves\n"
	  "nothing.  Exit status 1 when nothing is selected or DIR exists, 2 for a\n"
	  "usage error, 3 when the archive is unusable.  Check a bag with 'folio verify'.\n" },
	{ "serve", cmd_serve, "the archive's reading room in a browser (read-only)",
	  "usage: folio serve [--listen ADDRESS:PORT] [--allow-remote --token T]\n"
	  "                   [--cache DIR] [--threads N] [--search-memory MIB]\n\n"
	  "Serve the archive as web pages: the months and sections, search with\n"
	  "filters (the query syntax of 'folio search'), each article with its\n"
	  "metadata, revisions (a paragraph diff), holds and encoding evidence, its\n"
	  "original to download byte for byte and its PDF, each month's articles and\n"
	  "edition (PDFs are made on demand and kept in the cache, by the articles'\n"
	  "content: the same month twice is typeset once), snapshots and holds.\n"
	  "Read-only: each worker opens the archive read-only and reads a request in\n"
	  "one transaction; GET and HEAD only.  It keeps serving while ingest,\n"
	  "edition or snapshot write.\n\n"
	  "  --listen A:P     the address (default 127.0.0.1:8080; port 0: any free\n"
	  "                   one, printed on the first line)\n"
	  "  --allow-remote   listen on an address other machines reach; needs\n"
	  "                   --token (or FOLIO_SERVE_TOKEN), at least 16 characters,\n"
	  "                   which clients not on loopback must send (Authorization:\n"
	  "                   Bearer T, or ?token=T once, kept as a cookie)\n"
	  "  --cache DIR      where PDFs are kept (default $TMPDIR/folio-serve-UID)\n"
	  "  --threads N      worker threads (default 4)\n"
	  "  --search-memory MIB  recent search results each worker keeps (default\n"
	  "                   8; 0: none), forgotten whenever the archive changes\n"
	  "Ctrl-C (SIGINT) or SIGTERM stops it.  Behind a reverse proxy on the same\n"
	  "machine: see docs/serve.md.\n" },
	{ "verify", cmd_verify, "check a snapshot bag: completeness and every checksum",
	  "usage: folio verify [--key PUBKEY] [--archive A] DIR\n\n"
	  "Check the BagIt bag in DIR without the archive: bagit.txt; every payload\n"
	  "manifest (sha256 and sha512 are checked; other algorithms only for the\n"
	  "files' presence, with a warning); every tag manifest; that every file\n"
	  "under data/ is in every manifest; and bag-info.txt's Payload-Oxum.  In a\n"
	  "bag folio made, each data/articles/ID.pdf must carry the record that is\n"
	  "data/articles/ID.json and the original that is data/originals/ID-rREV-NAME,\n"
	  "byte for byte, with the SHA-256 the record names.  Each\n"
	  "problem is a line on stdout naming the file:\n"
	  "  missing  in a manifest, not on disk\n"
	  "  extra    under data/ on disk, in no manifest\n"
	  "  altered  a checksum differs (a tag file such as bag-info.txt included)\n"
	  "  invalid  anything else (bagit.txt, a manifest line, Payload-Oxum)\n"
	  "then 'DIR: NOT VALID: N problems' and exit status 1; or 'DIR: valid bag'\n"
	  "with the bag checksum (SHA-256 of tagmanifest-sha256.txt, as recorded by\n"
	  "'folio snapshot') and exit status 0.  On a terminal a progress line shows\n"
	  "on stderr.  The same checks by hand, in DIR:\n"
	  "  sha256sum -c manifest-sha256.txt; sha512sum -c manifest-sha512.txt\n\n"
	  "  --key PUBKEY  check the signature tagmanifest-sha256.txt.sig with the\n"
	  "                OpenSSH public key file PUBKEY (ssh-keygen -Y verify,\n"
	  "                namespace folio-bag); a bag without one, or one that does\n"
	  "                not verify, is a problem\n"
	  "  --archive A   also compare the bag with the snapshot archive A recorded:\n"
	  "                its checksum, bag-info's Folio-Selection, -Reason, -Articles\n"
	  "                and -Audit-Head; that A's audit log has the snapshot's\n"
	  "                entry with that checksum and still extends the head.  A bag\n"
	  "                whose bag-info.txt was rewritten with tag manifests to fit\n"
	  "                is a valid bag, but not the one recorded: each difference\n"
	  "                is a line, then 'DIR: does NOT match the archive A' and\n"
	  "                exit status 1.  A is only read.\n" },
	{ "help", cmd_help, "show help for folio or a command",
	  "usage: folio help [COMMAND]\n" },
	{ NULL, NULL, NULL, NULL },
};

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void overview(FILE *out)
{
	fprintf(out,
		"usage: folio [--archive PATH] COMMAND [ARGS]\n"
		"       folio --version | folio help [COMMAND]\n\n"
		"folio keeps a newsroom's articles in a dated SQLite archive.\n\n"
		"commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fprintf(out,
		"\nThe archive is --archive PATH, else $FOLIO_ARCHIVE, else archive/folio.db;\n"
		"it is created on first use.\n\n"
		"exit status: 0 success; 1 some inputs failed or nothing found; 2 usage error;\n"
		"3 archive unusable (corrupt, locked past the timeout, newer schema).\n");
}

int cmd_help(int argc, char **argv, struct folio_ctx *ctx)
{
	(void)ctx;
	if (argc > 2)
		return cmd_usage_error("help", "give at most one command");
	if (argc == 2 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h")) {
		if (!command_find(argv[1]))
			return cmd_usage_error("help", "no command '%s'", argv[1]);
		return cmd_help_for(argv[1]);
	}
	overview(stdout);
	return EXIT_OK;
}

void cmd_overview_to_stderr(void);
void cmd_overview_to_stderr(void)
{
	overview(stderr);
}
