# lib.sh - helpers for command-line tests: TAP output, a private archive
# (in $T, removed at the end unless FOLIO_KEEP_TEST is set).
#
#   . "$(dirname "$0")/lib.sh"
#   expect 0 "what it shows" folio list        # exit status and command
#   expect_out "substring" "what" folio show 1 # output contains substring
#   done_testing
set -u
: "${FOLIO:?FOLIO must name the folio binary}"
: "${FOLIO_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
SHARED=$FOLIO_ROOT/../shared
T=$(mktemp -d "${TMPDIR:-/tmp}/folio-test.XXXXXX")
trap '[ -n "${FOLIO_KEEP_TEST:-}" ] && echo "# kept $T" || rm -rf "$T"' EXIT
export FOLIO_ARCHIVE=$T/archive.db
unset FOLIO_BUSY_TIMEOUT_MS
_n=0 _failed=0
OUT=$T/.out
ERR=$T/.err

folio() { "$FOLIO" "$@"; }

_report() { # ok? description
	_n=$((_n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
		if [ -s "$OUT" ]; then echo "#   stdout:"; head -20 "$OUT" | sed 's/^/#     /'; fi
		if [ -s "$ERR" ]; then echo "#   stderr:"; head -20 "$ERR" | sed 's/^/#     /'; fi
	fi
}

# expect STATUS DESCRIPTION CMD... : CMD exits with STATUS.  Output kept in
# $OUT and $ERR for later checks.
expect() {
	local want=$1 what=$2; shift 2
	"$@" >"$OUT" 2>"$ERR"
	local rc=$?
	[ "$rc" = "$want" ] && _report 1 "$what" || { echo "#   exit status $rc, wanted $want"; _report 0 "$what"; }
}

# expect_fail DESCRIPTION CMD... : CMD exits with any non-zero status.
expect_fail() {
	local what=$1; shift
	"$@" >"$OUT" 2>"$ERR"
	local rc=$?
	[ "$rc" != 0 ] && _report 1 "$what" || { echo "#   exit status 0, wanted failure"; _report 0 "$what"; }
}

# ok_if DESCRIPTION TEST-EXPRESSION... : passes if the command succeeds.
ok_if() {
	local what=$1; shift
	if "$@"; then _report 1 "$what"; else _report 0 "$what"; fi
}

out_has() { grep -qF -- "$1" "$OUT"; }
err_has() { grep -qF -- "$1" "$ERR"; }
out_lacks() { ! grep -qF -- "$1" "$OUT"; }

# pdf_checks FILE [TEXT]: the checks every PDF folio writes must pass, each
# its own test: qpdf --check; pdffonts lists fonts, each embedded, subset
# and with a ToUnicode map; pdftotext reads it without a word on stderr and
# gives text (holding TEXT when given); Ghostscript renders it silently;
# and, when it claims PDF/A, tests/pdfa/check.py finds none of the rules it
# checks broken (it is not a validator: docs/pdfa.md).  The text is left in
# $T/text.
pdf_checks() {
	local f=$1 want=${2-} name
	name=$(basename "$f")
	ok_if "$name: qpdf --check passes" eval "qpdf --check '$f' > /dev/null"
	pdffonts "$f" > "$T/fonts" 2> "$T/fonts.err"
	ok_if "$name: pdffonts lists fonts" test "$(tail -n +3 "$T/fonts" | wc -l)" -ge 1
	ok_if "$name: every font embedded, subset, with ToUnicode" \
		eval "! tail -n +3 '$T/fonts' | awk '{print \$(NF-4), \$(NF-3), \$(NF-2)}' | grep -v '^yes yes yes$'"
	pdftotext "$f" "$T/text" 2> "$T/text.err"
	ok_if "$name: pdftotext says nothing on stderr" test ! -s "$T/text.err"
	if [ -n "$want" ]; then
		ok_if "$name: pdftotext gives back \"$want\"" grep -qF -- "$want" "$T/text"
	else
		ok_if "$name: pdftotext gives back text" test -s "$T/text"
	fi
	local rc
	gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$f" > "$T/gs.out" 2>&1
	rc=$?
	ok_if "$name: Ghostscript renders every page without a word" \
		eval "[ $rc = 0 ] && [ ! -s '$T/gs.out' ]"
	# The PDF/A part the file claims in its XMP (none: --pdfa none).
	local part
	part=$(grep -ao '<pdfaid:part>[0-9]' "$f" | head -1 | tail -c 2)
	if [ -n "$part" ]; then
		"$FOLIO_ROOT/tests/pdfa/check.py" "$f" --part "$part" --tagged > "$T/pdfa" 2>&1
		rc=$?
		ok_if "$name: tests/pdfa/check.py finds no PDF/A-${part}u or tagging rule broken" \
			eval "[ $rc = 0 ] || { grep '^FAIL' '$T/pdfa' | head -5 | sed 's/^/#   /'; false; }"
	fi
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
