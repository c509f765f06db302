# lib.sh - helpers for command-line tests: TAP output, a private archive.
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
trap 'rm -rf "$T"' EXIT
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

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
