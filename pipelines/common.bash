# pipelines/common.bash: what every pipeline shares (sourced, not run).
# The programs beside it (../bin) come first on PATH; logs go to
# RT_LOG_DIR (default logs/ at the top of the checkout or install);
# times are RFC 3339 UTC; one run of a pipeline at a time, across every
# host of the database, through `rt-store lock`.
# shellcheck shell=bash

rt_here=${BASH_SOURCE[0]%/*}
[ "$rt_here" != "${BASH_SOURCE[0]}" ] || rt_here=.
rt_top=$(cd "$rt_here/.." && pwd)
if [ -n "${RT_BINDIR:-}" ] && [ -x "$RT_BINDIR/rt-store" ]; then
	export PATH="$RT_BINDIR:$rt_top/bin:$PATH"	# another build (make sanitize)
elif [ -x "$rt_top/bin/rt-store" ]; then
	export PATH="$rt_top/bin:$PATH"		# a checkout
elif [ -x "$rt_top/../../bin/rt-store" ]; then
	PATH="$(cd "$rt_top/../../bin" && pwd):$PATH"	# installed: PREFIX/share/rt/pipelines
	export PATH
fi
RT_LOG_DIR=${RT_LOG_DIR:-$rt_top/logs}
export RT_LOG_DIR
rt_prog=${0##*/}
# Dates are formatted by bash itself (printf %(...)T), in UTC: a replay
# runs the pipelines thousands of times, and a fork of date(1) for each
# time would cost more than the work.
export TZ=UTC

# Usage errors and failures, as the rt programs report them.
rt_die() {
	local code=$1
	shift
	printf '%s: %s\n' "$rt_prog" "$*" >&2
	exit "$code"
}

rt_usage() {
	printf 'usage: %s\n' "$1" >&2
	printf "Try '%s --help' for more information.\n" "$rt_prog" >&2
	exit 64
}

# A line into one of the logs of docs/operations.md, stamped with the
# clock and the replayed --now:  rt_log FILE MESSAGE...
rt_log() {
	local file=$1
	shift
	[ -d "$RT_LOG_DIR" ] || mkdir -p "$RT_LOG_DIR" 2>/dev/null || return 0
	printf '%(%Y-%m-%dT%H:%M:%SZ)T now=%s %s[%d]: %s\n' -1 "${rt_now:-}" "$rt_prog" "$$" "$*" \
		>>"$RT_LOG_DIR/$file" 2>/dev/null || true
}

# rt_set_now ARG: rt_now (RFC 3339) and rt_now_s (seconds) from --now's
# argument (a date means its midnight), or the clock.
rt_set_now() {
	if [ -z "${1:-}" ]; then
		printf -v rt_now_s '%(%s)T' -1
	else
		rt_now_s=$(date -u -d "$1" +%s 2>/dev/null) || rt_die 64 "--now '$1': not a time"
	fi
	printf -v rt_now '%(%Y-%m-%dT%H:%M:%SZ)T' "$rt_now_s"
}

# rt_at VAR SECONDS [FORMAT]: rt_now moved by SECONDS (negative: back)
# into VAR, as FORMAT (strftime; default a date).
rt_at() {
	printf -v "$1" "%(${3:-%Y-%m-%d})T" "$((rt_now_s + $2))"
}

# Runs the calling pipeline again under the advisory lock NAME unless it
# holds it already: a second run exits 75 while the first goes on.
rt_lock_or_exec() {
	local name=$1
	shift
	if [ "${RT_PIPELINE_LOCK:-}" != "$name" ]; then
		RT_PIPELINE_LOCK=$name exec rt-store lock "$name" -- "$0" "$@"
	fi
}

# A line of the run's story on standard output.  Output that cannot be
# written (a closed stdout, a full disk) is exit 74, as for the programs.
rt_say() {
	printf '%s\n' "$*" 2>/dev/null || rt_die 74 "writing standard output failed"
}

# A scratch directory removed on exit.  A run that fails while the file
# system of the scratch directory is full exits 74 and says so, whatever
# the tool that hit it said (jq says 2, a bash redirection 1): the
# operator's answer is the same, make room and run it again.  Each step
# of a pipeline is all or nothing (one rt-store import), so the rerun
# completes the work.
rt_scratch() {
	rt_tmp=$(mktemp -d "${TMPDIR:-/tmp}/$rt_prog.XXXXXX") ||
		rt_die 74 "cannot make a scratch folder in ${TMPDIR:-/tmp}"
	trap rt_scratch_exit EXIT
}

# shellcheck disable=SC2317 # run by the trap
rt_scratch_exit() {
	local rc=$?
	if [ "$rc" -ne 0 ] && [ -n "${rt_tmp:-}" ] &&
		[ "$(stat -f -c %a "$rt_tmp" 2>/dev/null || echo 1)" = 0 ]; then
		printf '%s: no space left on the file system of %s (the scratch folder, TMPDIR): the run stopped (exit %d); make room and run it again\n' \
			"$rt_prog" "${rt_tmp%/*}" "$rc" >&2
		rc=74
	fi
	rm -rf "$rt_tmp"
	exit "$rc"
}
