# nginx-anchor.sh - sourced by the benchmarks (bench/http.sh,
# bench/search.sh): the anchor they measure against, Debian's nginx-light
# serving the files of a directory as static files, in the same run.
#
#   nginx_start DIR FILE   serve DIR on a free port (2 workers, access log
#                          off) and wait until FILE answers; sets npid and
#                          nport; the caller stops it (kill $npid).
# Uses $tmp (the benchmark's scratch directory) for its own files.
nginx_start() {
	nport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir -p "$tmp/nginx"
	{
		# As root, workers would run as nobody, who cannot read $tmp.
		[ "$(id -u)" -eq 0 ] && echo "user root;"
		echo "daemon off; worker_processes 2; pid $tmp/nginx/nginx.pid;"
		echo "error_log $tmp/nginx/error.log warn;"
		echo "events { worker_connections 1024; }"
		echo "http { access_log off; types { application/json json; }"
		for d in client_body proxy fastcgi uwsgi scgi; do echo "  ${d}_temp_path $tmp/nginx;"; done
		echo "  server { listen 127.0.0.1:$nport; root $1; } }"
	} >"$tmp/nginx/nginx.conf"
	/usr/sbin/nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2>/dev/null &
	npid=$!
	tries=0
	until curl -sf "http://127.0.0.1:$nport/$2" >/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 500 ] || { echo "nginx did not start:" >&2; cat "$tmp/nginx/error.log" >&2; exit 1; }
		sleep 0.01
	done
}
