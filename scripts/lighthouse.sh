#!/usr/bin/env bash
# Lighthouse on five kinds of page of a site previewed with `compendium serve`:
# home, a collection listing, a record, a country page and search with a query.
# Prints the four category scores per page (performance, accessibility, best
# practices, SEO) and every audit below 100 in best practices and SEO.
#
#   scripts/lighthouse.sh [ROOT]          # ROOT: the site (default: this repository)
#
# Needs node/npm and Chromium (Debian's `chromium`; CHROME_PATH to use another).
# Lighthouse is installed once, outside the repository, into
# ${LIGHTHOUSE_DIR:-/tmp/compendium-lighthouse} at LIGHTHOUSE_VERSION. Reports
# (JSON) are left in $LIGHTHOUSE_DIR/reports. Not run in CI: it takes minutes.
# Measurements are of the debug or release binary in target/ (whichever
# COMPENDIUM names; by default target/debug/compendium, built if missing).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "${1:-$repo}" && pwd)"
dir="${LIGHTHOUSE_DIR:-/tmp/compendium-lighthouse}"
version="${LIGHTHOUSE_VERSION:-13.5.0}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
bin="${COMPENDIUM:-${CARGO_TARGET_DIR:-$repo/target}/debug/compendium}"

[ -x "$bin" ] || (cd "$repo" && cargo build --quiet)
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent "lighthouse@$version"
fi
mkdir -p "$dir/reports"

# A key of book.toml (a plain "string" value), or the default.
conf() { sed -n "s/^$1 *= *\"\(.*\)\"/\1/p" "$root/book.toml" | head -n1 | grep . || echo "$2"; }

# The site as deployed: a deployment sets base-url (the sitemap, robots.txt
# and hreflang alternates need absolute URLs; Lighthouse fails relative
# hreflang links). So a copy gets the preview's address as its base-url,
# unless it has one or LIGHTHOUSE_AS_IS=1 measures the site as it is.
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
if [ "${LIGHTHOUSE_AS_IS:-0}" != 1 ] && ! grep -q '^base-url *=' "$root/book.toml"; then
  copy="$dir/site-copy"
  rm -rf "$copy" && mkdir -p "$copy"
  for f in book.toml "$(conf content-dir content)" themes; do
    if [ -e "$root/$f" ]; then cp -r "$root/$f" "$copy/"; fi
  done
  sed -i "s|^\[book\]\$|[book]\nbase-url = \"http://127.0.0.1:$port/\"|" "$copy/book.toml"
  root="$copy"
fi

# The preview; stopped on exit.
log="$dir/serve.log"
"$bin" --root "$root" serve --port "$port" >"$log" 2>&1 &
serve=$!
trap 'kill "$serve" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 600); do
  url="$(sed -n 's/^serving //p' "$log" | head -n1)"
  [ -n "$url" ] && break
  kill -0 "$serve" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "serve printed no address" >&2; exit 1; }

# One page of each kind, picked from the site: the first collection (by
# folder name), its first record, the country page that lists the most.
content="$root/$(conf content-dir content)"
site="$root/$(conf build-dir site)"
collection="$(cd "$content" && for c in */_collection.yaml; do dirname "$c"; done | sort | head -n1)"
record="$(cd "$site/$collection" && ls -d */ | sort | head -n1)"
country="$(cd "$site/countries" && ls -S */index.html | head -n1 | xargs dirname)/"
pages=(
  "home|"
  "listing|$collection/"
  "record|$collection/$record"
  "country|countries/$country"
  "search|search/?q=data"
)

printf '%-8s %-5s %-5s %-5s %-5s %s\n' page perf a11y bp seo url
for entry in "${pages[@]}"; do
  name="${entry%%|*}"
  path="${entry#*|}"
  report="$dir/reports/$name.json"
  "$dir/node_modules/.bin/lighthouse" "$url$path" --quiet \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox" \
    --output=json --output-path="$report" >/dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]);
    const s = k => r.categories[k] && r.categories[k].score !== null ? Math.round(r.categories[k].score * 100) : "-";
    console.log([process.argv[2].padEnd(8), ...["performance", "accessibility", "best-practices", "seo"].map(k => String(s(k)).padEnd(5)), process.argv[3]].join(" "));
    for (const k of ["best-practices", "seo"]) {
      for (const ref of r.categories[k].auditRefs) {
        const a = r.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`         ${k}: ${a.id}: ${a.title}`);
      }
    }' "$report" "$name" "$url$path"
done
