#!/bin/sh
# A throw-away PostgreSQL cluster for tests and benchmarks (issue 9).
#
#   pg-test-cluster.sh start DIR [--durable]
#       initdb in DIR/data (once) and start the server (pg_ctl -w), listening
#       only on a Unix socket in DIR, logging to the file DIR/log.  Prints the
#       superuser's libpq conninfo on stdout and nothing else but errors:
#           host=DIR user=areavasta dbname=postgres
#       Without --durable the server is tuned for tests (fsync, commit and
#       full page writes off); --durable keeps PostgreSQL's defaults, for
#       benchmarks that must be honest.  Starting a cluster that exists
#       restarts it with the settings of this call if it was not running.
#   pg-test-cluster.sh stop DIR
#       pg_ctl stop -m fast if it runs, then removes DIR (only a DIR this
#       script made: it holds the file .pg-test-cluster).  Safe when nothing
#       runs or DIR is gone.
#   pg-test-cluster.sh createdb DIR NAME [TEMPLATE]
#       CREATE DATABASE "NAME" [TEMPLATE "TEMPLATE"] through the socket.
#
# Roles: areavasta, the superuser (trust on the socket), and av_pw, password
# av-secret-pw, which must authenticate with scram-sha-256 (tests of
# PGPASSWORD and ~/.pgpass).  av_pw is not a superuser: it may create
# databases and create tables in schema public of every database made
# afterwards (granted in template1 and postgres); pg_trgm, which it may not
# create in a database it does not own, is in template1, as a DBA would
# create it beforehand (docs/operations.md).
#
# Run as root, initdb, pg_ctl and postgres run as the user postgres (nobody
# when it does not exist): DIR is made theirs (mode 0711, so that other
# local users can reach the socket).  When DIR's parent is not searchable by
# that user and is a directory of root's with mode 0700 (what mkdtemp makes),
# the parent gets search permission only (0711: no listing); any other
# unreachable parent is an error.
#
# PGBIN overrides the directory of the server binaries
# (default /usr/lib/postgresql/15/bin, Debian 12's postgresql package).
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=5432
SUPERUSER=areavasta
PW_ROLE=av_pw
PW_PASSWORD=av-secret-pw
MARKER=.pg-test-cluster

die() {
	echo "pg-test-cluster: $*" >&2
	exit 1
}

usage() {
	die "usage: $0 start DIR [--durable] | stop DIR | createdb DIR NAME [TEMPLATE]"
}

# The user the server runs as: ourselves, or postgres/nobody under root.
server_user() {
	if [ "$(id -u)" -ne 0 ]; then
		id -un
	elif id -u postgres >/dev/null 2>&1; then
		echo postgres
	else
		echo nobody
	fi
}

# as_server CMD...: run CMD as the server user, in DIR.
as_server() {
	if [ "$(id -u)" -ne 0 ]; then
		(cd "$dir" && "$@")
	elif command -v runuser >/dev/null 2>&1; then
		(cd "$dir" && runuser -u "$user" -- "$@")
	else
		(cd "$dir" && setpriv --reuid="$user" --regid="$(id -g "$user")" \
			--init-groups -- "$@")
	fi
}

need_bin() {
	for b in initdb pg_ctl postgres; do
		if [ ! -x "$PGBIN/$b" ]; then
			die "$PGBIN/$b not found: install PostgreSQL 15 (apt-get install postgresql) or set PGBIN"
		fi
	done
	command -v psql >/dev/null 2>&1 || die "psql not found (apt-get install postgresql-client)"
}

# The absolute path of $1, which must exist.
abspath() {
	(cd "$1" && pwd -P)
}

# Runs "$@" with its output in a temporary file, shown only on failure.
quiet() {
	out=$(mktemp)
	if "$@" >"$out" 2>&1; then
		rm -f "$out"
	else
		cat "$out" >&2
		rm -f "$out"
		return 1
	fi
}

running() {
	[ -f "$dir/data/postmaster.pid" ] && as_server "$PGBIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

psql_super() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$PORT" -U "$SUPERUSER" "$@"
}

cmd_start() {
	durable=0
	case "${1-}" in
	'') ;;
	--durable) durable=1 ;;
	*) usage ;;
	esac
	need_bin
	user=$(server_user)
	mkdir -p "$dir"
	dir=$(abspath "$dir")
	case "$dir" in
	*[!A-Za-z0-9/._+-]*) die "DIR '$dir': use letters, digits and / . _ + - only" ;;
	esac
	if [ ${#dir} -gt 90 ]; then
		die "DIR '$dir' is too long for a Unix socket path (at most 90 characters)"
	fi
	if [ "$(id -u)" -eq 0 ]; then
		parent=${dir%/*}
		[ -n "$parent" ] || parent=/
		if ! runuser -u "$user" -- test -x "$parent" 2>/dev/null; then
			if [ "$(stat -c '%u %a' "$parent")" = "0 700" ]; then
				chmod 0711 "$parent"
			else
				die "$parent is not searchable by $user: the server could not reach $dir"
			fi
		fi
		chown "$user" "$dir"
	fi
	chmod 0711 "$dir"
	: >"$dir/$MARKER"
	if [ ! -f "$dir/data/PG_VERSION" ]; then
		rm -rf "$dir/data"
		as_server mkdir -m 0700 "$dir/data"
		quiet as_server "$PGBIN/initdb" -D "$dir/data" -U "$SUPERUSER" \
			-E UTF8 --locale=C --auth-local=trust --auth-host=reject ||
			die "initdb failed in $dir/data"
		as_server sh -c "echo \"include 'areavasta.conf'\" >>'$dir/data/postgresql.conf'"
		# The password role first: a line matches before the trust line.
		as_server sh -c "cat >'$dir/data/pg_hba.conf'" <<-EOF
			# pg-test-cluster.sh: Unix socket only
			local	all	$PW_ROLE	scram-sha-256
			local	all	all	trust
		EOF
		fresh=1
	else
		fresh=0
	fi
	if running; then
		die "a server is already running in $dir"
	fi
	if [ $durable = 1 ]; then
		tuning="# --durable: PostgreSQL's defaults"
	else
		tuning="fsync = off
synchronous_commit = off
full_page_writes = off"
	fi
	as_server sh -c "cat >'$dir/data/areavasta.conf'" <<-EOF
		# written by pg-test-cluster.sh start at each start
		listen_addresses = ''
		unix_socket_directories = '$dir'
		port = $PORT
		max_connections = 200
		$tuning
	EOF
	as_server touch "$dir/log"
	quiet as_server "$PGBIN/pg_ctl" start -w -s -D "$dir/data" -l "$dir/log" || {
		tail -n 20 "$dir/log" >&2 2>/dev/null || true
		die "the server did not start (log: $dir/log)"
	}
	if [ $fresh = 1 ]; then
		# Through stdin, so that the password shows in no argument list;
		# the server logs no statements by default.
		psql_super -d postgres <<-EOF || die "could not create role $PW_ROLE"
			SET password_encryption = 'scram-sha-256';
			CREATE ROLE $PW_ROLE LOGIN CREATEDB PASSWORD '$PW_PASSWORD';
			GRANT CREATE, USAGE ON SCHEMA public TO $PW_ROLE;
			\\connect template1
			GRANT CREATE, USAGE ON SCHEMA public TO $PW_ROLE;
			CREATE EXTENSION IF NOT EXISTS pg_trgm;
		EOF
	fi
	echo "host=$dir user=$SUPERUSER dbname=postgres"
}

cmd_stop() {
	[ -d "$dir" ] || return 0
	dir=$(abspath "$dir")
	if [ ! -f "$dir/$MARKER" ]; then
		if [ -z "$(ls -A "$dir")" ]; then
			rmdir "$dir"
			return 0
		fi
		die "$dir was not made by pg-test-cluster.sh start: not removing it"
	fi
	user=$(server_user)
	if [ -x "$PGBIN/pg_ctl" ] && running; then
		quiet as_server "$PGBIN/pg_ctl" stop -w -s -m fast -D "$dir/data" ||
			die "could not stop the server in $dir"
	fi
	rm -rf "$dir"
}

cmd_createdb() {
	if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
	[ -d "$dir" ] || die "no cluster in $dir"
	dir=$(abspath "$dir")
	if [ $# -eq 2 ]; then
		psql_super -d postgres -v name="$1" -v tpl="$2" <<-'EOF'
			CREATE DATABASE :"name" TEMPLATE :"tpl";
		EOF
	else
		psql_super -d postgres -v name="$1" <<-'EOF'
			CREATE DATABASE :"name";
		EOF
	fi
}

[ $# -ge 2 ] || usage
cmd=$1
dir=$2
shift 2
case "$cmd" in
start)
	[ $# -le 1 ] || usage
	cmd_start "$@"
	;;
stop)
	[ $# -eq 0 ] || usage
	cmd_stop
	;;
createdb) cmd_createdb "$@" ;;
*) usage ;;
esac
