#!/bin/bash
# rigctl exporter's command line and web side: usage errors (no rig
# chosen, bad --metrics, --listen, a lone --tls-cert, a port in use),
# --help, TLS with a throw-away certificate, basic auth from a crypt(3)
# hash file (401 without or with a wrong password, 200 with the right
# one; the file must not be readable by others), a rig whose password
# file is missing served as down while the others work.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/exporter.sh"
. "$top_srcdir/tests/helpers/plug.sh"
need_cmd ipmi_sim curl openssl
start_sim
plug_start plug shelly
pw=$T/pw
printf 'adminpw' >"$pw"
chmod 600 "$pw"
{
	printf '[sim]\nbmc = %s\nbmc_user = admin\nbmc_password_file = %s\n' "$SIM_HOST" "$pw"
	printf 'bmc_workarounds = opensesspriv\n\n'
	printf '[broken]\nbmc = 127.0.0.1:9\nbmc_user = admin\nbmc_password_file = %s\n\n' "$T/missing"
	printf '[plugged]\nplug = shelly://127.0.0.1:%s\n' "$PLUG_PORT"
} >"$T/rigs.conf"

# ---- usage
run_rigctl -c "$T/rigs.conf" exporter
check_eq "no rig chosen: usage error" 2 "$RC"
check_has "... saying how to choose" "$ERR" "-r all"
run_rigctl -c "$T/rigs.conf" -r all exporter --metrics bogus
check_eq "--metrics bogus: usage error" 2 "$RC"
check_has "... naming the words" "$ERR" "ipmi_exporter"
run_rigctl -c "$T/rigs.conf" -r all exporter --listen 1.2.3.4
check_eq "--listen without a port... is a port" 2 "$RC"
run_rigctl -c "$T/rigs.conf" -r all exporter --listen host:99999
check_eq "--listen with a port out of range" 2 "$RC"
run_rigctl -c "$T/rigs.conf" -r all exporter --tls-cert "$T/x"
check_eq "--tls-cert without --tls-key" 2 "$RC"
run_rigctl -c "$T/rigs.conf" -r nosuch exporter
check_eq "a rig not in the inventory" 2 "$RC"
run_rigctl -c "$T/rigs.conf" -r all -o json exporter
check_eq "-o json: usage error (no JSON)" 2 "$RC"
run_rigctl exporter --help
check_eq "--help" 0 "$RC"
check_has "--help names the default port and why" "$OUT" "19623"
run_rigctl help exporter
check_has "help exporter" "$OUT" "/probe?target="

# ---- a broken rig is down, the others are served
mkdir -p "$T/cache"
EXPORTER_ENV="XDG_CACHE_HOME=$T/cache"
exporter_start "$T/rigs.conf" || { fail "exporter start"; finish; }
check_has "the broken rig is named in the log" "$(cat "$EXPORTER_LOG")" "broken"
exporter_get '/probe?target=broken'
check_eq "a rig with a configuration error: 200" 200 "$HTTP_CODE"
check_has "... and down" "$BODY" 'rigctl_up{rig="broken"} 0'
exporter_get '/probe?target=sim'
check_has "the others are read" "$BODY" 'rigctl_up{rig="sim"} 1'
exporter_get '/probe?target=plugged'
check_has "a rig behind a smart plug: up" "$BODY" 'rigctl_up{rig="plugged"} 1'
check_has "... its relay" "$BODY" 'rigctl_plug_relay_on{rig="plugged"} 1'
check_match "... and its meter as the power draw" \
	'rigctl_power_draw_watts\{rig="plugged",source="plug"\} [0-9.]+' "$BODY"
exporter_get '/'
check_eq "the status page" 200 "$HTTP_CODE"
exporter_get '/rig/sim'
check_eq "a rig's page" 200 "$HTTP_CODE"
exporter_get '/rig/nosuch'
check_eq "an unknown rig's page" 404 "$HTTP_CODE"
exporter_get '/nothing-here'
check_eq "an unknown path" 404 "$HTTP_CODE"
exporter_get '/metrics' -X POST
check_eq "POST is refused" 405 "$HTTP_CODE"
# The same port twice: the second cannot listen.
run_rigctl -c "$T/rigs.conf" -r all exporter --listen "127.0.0.1:$EXPORTER_PORT"
check_eq "a port in use" 1 "$RC"
check_has "... says so" "$ERR" "cannot listen"
exporter_stop

# ---- TLS and basic auth
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 || fail "openssl req"
chmod 600 "$T/key.pem"
# Several users, after a comment: every line counts, not the first alone.
{ echo "# who may scrape"
  printf 'grafana:%s\n' "$(openssl passwd -6 -salt rigtest other)"
  printf 'prom:%s\n' "$(openssl passwd -6 -salt rigtest s3cret)"; } >"$T/users"
chmod 644 "$T/users"
run_rigctl -c "$T/rigs.conf" -r all exporter --web-auth-file "$T/users" --listen 127.0.0.1:1
check_eq "an auth file others can read is refused" 2 "$RC"
chmod 600 "$T/users"
chmod 644 "$T/key.pem"
run_rigctl -c "$T/rigs.conf" -r all exporter --web-auth-file "$T/users" \
	--tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --listen 127.0.0.1:1
check_eq "a TLS key others can read is refused" 2 "$RC"
check_has "... naming it" "$ERR" "--tls-key"
chmod 600 "$T/key.pem"
EXPORTER_URL=
EXPORTER_PORT=$(sim_freeport tcp)
"$RIGCTL" -c "$T/rigs.conf" -r all exporter --listen "127.0.0.1:$EXPORTER_PORT" \
	--tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --web-auth-file "$T/users" \
	</dev/null >"$T/tls.log" 2>&1 &
EXPORTER_PID=$!
url=https://127.0.0.1:$EXPORTER_PORT
wait_until 10 bash -c "curl -sk -o /dev/null '$url/metrics'" || fail "HTTPS does not answer: $(cat "$T/tls.log")"
code=$(curl -sk -o /dev/null -w '%{http_code}' "$url/metrics")
check_eq "no credentials: 401" 401 "$code"
code=$(curl -sk -o /dev/null -w '%{http_code}' -u prom:wrong "$url/metrics")
check_eq "a wrong password: 401" 401 "$code"
code=$(curl -sk -o /dev/null -w '%{http_code}' -u nobody:s3cret "$url/metrics")
check_eq "an unknown user: 401" 401 "$code"
code=$(curl -sk -o /dev/null -w '%{http_code}' -u grafana:other "$url/metrics")
check_eq "the first user of the file: 200" 200 "$code"
body=$(curl -sk --cacert "$T/cert.pem" -u prom:s3cret "$url/probe?target=sim")
check_has "HTTPS with the right password" "$body" 'rigctl_up{rig="sim"} 1'
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$EXPORTER_PORT/metrics")
[ "$code" != 200 ] && check_eq "plain HTTP is not served beside TLS" 0 0 || fail "plain HTTP answered $code"
grep -q s3cret "$T/tls.log" && fail "the password in the log"
exporter_stop
check_eq "stops cleanly" 0 "$EXPORTER_RC"
finish
