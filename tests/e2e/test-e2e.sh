#!/usr/bin/env bash
# End-to-end test: a sale in the real `reji` program, in training mode, done
# as a cashier and a customer would. It types the sale with xdotool, reads
# the QR code off a screenshot with zbarimg, completes 3-D Secure over HTTP
# with curl, waits for the sale to end paid, and checks the simulator's
# ledger and that no file or log line contains the card number or the
# security code. Prints TAP.
#
#   test-e2e.sh REJI_PROGRAM
#
# Needs a display (the gui suite runs under Xvfb) and xdotool, ImageMagick's
# import, zbarimg, curl and python3; skips without them.
set -uo pipefail

reji=$1
card_number=4100000000000100
security_code=123
wait_seconds=20

for tool in xdotool import zbarimg curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "1..0 # SKIP $tool is not installed"
    exit 0
  fi
done
if [ -z "${DISPLAY:-}" ]; then
  echo "1..0 # SKIP no X display"
  exit 0
fi

scratch=$(mktemp -d)
mkdir -m 700 "$scratch/home" "$scratch/runtime"
log=$scratch/reji.log
reji_pid=
case_number=0
failures=0

cleanup () {
  if [ -n "$reji_pid" ] && kill -0 "$reji_pid" 2>/dev/null; then
    kill "$reji_pid"
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

report () {
  local result=$1 name=$2
  case_number=$((case_number + 1))
  if [ "$result" = ok ]; then
    echo "ok $case_number $name"
  else
    echo "not ok $case_number $name"
    failures=$((failures + 1))
  fi
}

# Runs a check command and reports it as one TAP case.
check () {
  local name=$1
  shift
  if "$@"; then report ok "$name"; else report fail "$name"; fi
}

diagnose () {
  sed 's/^/# /'
}

# Stops the test when a later step cannot work without this one.
bail_out () {
  tail -40 "$log" | diagnose
  echo "Bail out! $*"
  exit 1
}

# Checks that the journal has one paid sale of ¥1,000 on the Visa card
# ending 0100, with the payment id the simulator's ledger reports, and that
# no text in the journal contains the card number.
check_journal () {
  python3 - "$journal" "$ledger" "$card_number" <<'PY'
import json, sqlite3, sys

journal, ledger, card_number = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True)
rows = db.execute("SELECT state, amount, currency, card_brand, card_last_four, payment_id"
                  " FROM sales").fetchall()
print("# journal rows:", rows)
expected = [("paid", 1000, "JPY", "Visa", "0100", ledger["payments"][0]["id"])]
found_card = [table for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if card_number in repr(db.execute(f"SELECT * FROM {table}").fetchall())]
print("# tables with the card number:", found_card)
sys.exit(0 if rows == expected and not found_card else 1)
PY
}

# Waits until the log has a line matching the extended regular expression.
wait_for_log () {
  local pattern=$1 i
  for i in $(seq $((wait_seconds * 10))); do
    grep -qE "$pattern" "$log" && return 0
    kill -0 "$reji_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "# no log line matching: $pattern"
  tail -20 "$log" | diagnose
  return 1
}

echo "1..10"

HOME=$scratch/home XDG_RUNTIME_DIR=$scratch/runtime \
  XDG_CACHE_HOME=$scratch/home/.cache XDG_CONFIG_HOME=$scratch/home/.config \
  XDG_DATA_HOME=$scratch/home/.local/share XDG_STATE_HOME=$scratch/home/.local/state \
  G_MESSAGES_DEBUG=all REJI_KOMOJU_SECRET_KEY= \
  "$reji" >"$log" 2>&1 &
reji_pid=$!

check "simulator starts in training mode" wait_for_log 'simulator listening at http://127\.0\.0\.1:[0-9]+/api/v1'
origin=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1)

window=$(timeout "$wait_seconds" xdotool search --sync --onlyvisible --pid "$reji_pid" | head -1)
check "window appears" test -n "$window"
[ -n "$window" ] || bail_out "reji showed no window"

# The amount entry has the focus when the window opens. Tab goes through
# the currency, card number, expiry, security code and name fields.
expiry=$(date -d '+2 years' +12/%y)
xdotool windowfocus --sync "$window"
xdotool type --delay 20 1000
xdotool key Tab Tab
xdotool type --delay 20 "$card_number"
xdotool key Tab
xdotool type --delay 20 "$expiry"
xdotool key Tab
xdotool type --delay 20 "$security_code"
xdotool key Tab
xdotool type --delay 20 'Test Card'
xdotool key Return

check "sale waits for 3-D Secure" wait_for_log 'creating-token -> awaiting-3ds'
[ "$failures" -eq 0 ] || bail_out "the typed sale did not reach 3-D Secure"

url=
for _ in $(seq $((wait_seconds * 2))); do
  import -window root "$scratch/screen.png"
  url=$(zbarimg -q --raw "$scratch/screen.png" 2>/dev/null | head -1)
  [ -n "$url" ] && break
  sleep 0.5
done
check "QR code decodes to the 3-D Secure page" \
  grep -qE "^$origin/" <<<"$url"
echo "# QR code: $url"

status=$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' "$url")
check "3-D Secure page redirects the customer" test "$status" = 303

check "sale ends paid" wait_for_log 'sale [^ ]+ ended paid'

ledger=$(curl --noproxy '*' -s "$origin/simulator/ledger")
check "ledger has one captured payment" python3 -c '
import json, sys
payments = json.loads(sys.argv[1])["payments"]
statuses = [payment["status"] for payment in payments]
print("# payment statuses:", statuses)
sys.exit(0 if statuses == ["captured"] else 1)' "$ledger"

xdotool key --window "$window" ctrl+q
for _ in $(seq $((wait_seconds * 10))); do
  kill -0 "$reji_pid" 2>/dev/null || break
  sleep 0.1
done
exit_status=0
wait "$reji_pid" || exit_status=$?
reji_pid=
check "reji quits with status 0" test "$exit_status" -eq 0

# The card number in any grouping, and the security code next to a word
# that names it.
secrets='4100[ -]?0000[ -]?0000[ -]?0100|(security.?code|verification.?value|cvc|cvv)[^0-9]{0,20}'$security_code
leaks=$(grep -rlaiE "$secrets" "$scratch/home" "$log")
check "no card number or security code in files or logs" test -z "$leaks"
[ -z "$leaks" ] || echo "$leaks" | diagnose

journal=$scratch/home/.local/share/reji/journal.sqlite3
check "journal has the paid sale" check_journal

[ "$failures" -eq 0 ] || tail -40 "$log" | diagnose
exit 0
