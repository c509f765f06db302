#!/usr/bin/env bash
# The command line itself: help, version, usage errors and exit statuses.
. "$(dirname "$0")/lib.sh"

expect 0 "--version prints the version" folio --version
ok_if "version line names folio" out_has "folio "
expect 0 "help lists the commands" folio help
ok_if "help names ingest and search" eval 'out_has ingest && out_has search'
for c in init ingest list show search check help; do
	expect 0 "folio $c --help works" folio "$c" --help
	ok_if "folio $c --help shows its usage" out_has "usage: folio"
done
expect 0 "folio help search shows search's usage" folio help search
ok_if "help search describes search" out_has "QUERY"
expect 2 "no command is a usage error" folio
expect 2 "unknown command is a usage error" folio frobnicate
ok_if "unknown command message names it" err_has "folio: frobnicate:"
expect 2 "unknown option is a usage error" folio list --bogus
expect 2 "bad --month value is a usage error" folio list --month 2019-13
ok_if "bad month message names the value" err_has "2019-13"
expect 2 "bad --from date is a usage error" folio list --from 2019-02-30
expect 2 "show without an id is a usage error" folio show
expect 2 "show with a non-numeric id is a usage error" folio show abc
expect 2 "search without a query is a usage error" folio search
expect 2 "search of punctuation only is a usage error" folio search '"*()'
expect 2 "ingest without paths is a usage error" folio ingest
expect 2 "ingest with an unknown format is a usage error" folio ingest --format pdf x
expect 2 "--archive without a path is a usage error" folio --archive

# The archive: --archive, then $FOLIO_ARCHIVE, then archive/folio.db.
export FOLIO_ARCHIVE=$T/env.db
expect 0 "init creates the archive named by --archive" folio --archive "$T/explicit.db" init
ok_if "the --archive file exists" test -s "$T/explicit.db"
ok_if "the default archive was not touched" test ! -e "$FOLIO_ARCHIVE"
expect 0 "init creates \$FOLIO_ARCHIVE" folio init
ok_if "\$FOLIO_ARCHIVE exists" test -s "$FOLIO_ARCHIVE"
(cd "$T" && mkdir -p cwd && cd cwd && FOLIO_ARCHIVE= "$FOLIO" init >/dev/null 2>&1)
ok_if "without either, archive/folio.db in the current directory" test -s "$T/cwd/archive/folio.db"
expect 0 "init creates missing parent directories" folio --archive "$T/new/dir/a.db" init
expect 1 "list of an empty archive finds nothing (exit 1)" folio list
done_testing
