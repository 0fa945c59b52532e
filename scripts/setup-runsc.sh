#!/usr/bin/env bash
# npm run setup:runsc — installs the real runsc builds the suite drives, idempotently.
#
#   legacy      Debian package `runsc` (/usr/bin/runsc), linked into the cache
#   prefeature  go-branch build from before the per-mount directfs opt-out
#   modern      go-branch build with the feature
#   vendor      vendor-gofer/: the modern gVisor version with a gofer extension that
#               claims mounts and serves them without donating a host FD
#   vendorbug   the same with a planted fault (build tag claimall: unmatched mounts claimed too)
#
# plus Debian `busybox-static` (/bin/busybox) for the probe's rootfs. Builds go to
# ${XDG_CACHE_HOME:-$HOME/.cache}/directfs-conformance/runsc/<version>/runsc and are
# described in runsc/aliases.json, which src/harness/installed.ts reads.
#
# The pins of DESIGN.md come first; when the Go module proxy refuses a pin, the newest
# served version of the same era is built instead and a loud banner says so.
# The script always exits 0 so the simulator suites still run; a missing piece is
# reported on a final `SETUP INCOMPLETE: …` line.
set -uo pipefail

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/directfs-conformance"
RUNSC_DIR="$CACHE/runsc"
LOG_DIR="$CACHE/build-logs"
ALIASES="$RUNSC_DIR/aliases.json"
MODULE=gvisor.dev/gvisor
VERSION_VAR="$MODULE/runsc/version.version"

# alias | DESIGN.md pin | served substitute (tried when the pin cannot be had)
MODERN_PIN=v0.0.0-20260822015030-d53e01b47280
MODERN_SUBSTITUTE=v0.0.0-20260905035102-160fafc42237
PREFEATURE_PIN=v0.0.0-20260512224032-031492ed34ed
PREFEATURE_SUBSTITUTE=v0.0.0-20260508212337-96dad6a2da94
LEGACY_PIN=0.0~20221219.0

INCOMPLETE=()
declare -A ENTRY_VERSION ENTRY_PATH ENTRY_PINNED ENTRY_SUBSTITUTED ENTRY_ERROR

say() { printf '[setup:runsc] %s\n' "$*"; }

banner() {
  local bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  printf '%s\n' "$bar"
  local line
  for line in "$@"; do printf '!!! %s\n' "$line"; done
  printf '%s\n' "$bar"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

deb_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

deb_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

# First line of `<bin> --version`, empty when it does not run.
version_line() { "$1" --version 2>/dev/null | head -n 1; }

ensure_debs() {
  local missing=() p
  # gcc and libc6-dev build the native probe (native/dfc-probe.c, a static binary).
  for p in runsc busybox-static gcc libc6-dev; do deb_installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: runsc $(deb_version runsc), busybox-static $(deb_version busybox-static), gcc $(deb_version gcc)"
    return
  fi
  say "installing Debian packages: ${missing[*]} (apt-get update first)"
  if ! as_root apt-get update -qq || ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; then
    banner "apt-get could not install: ${missing[*]}" "install them by hand (as root): apt-get install ${missing[*]}"
    INCOMPLETE+=("Debian packages missing: ${missing[*]}")
    return
  fi
  say "installed: ${missing[*]}"
}

# The native probe does the workload in one process instead of a busybox fork
# per operation; runs compile it on first use too, this only says early whether it builds.
build_native_probe() {
  local repo out
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ ! -f "$repo/dist/probe/native.js" ]; then
    say "native probe: not built yet (dist/ missing; npm run build first); runs will build it on first use"
    return
  fi
  if out="$(node --input-type=module -e "
    const m = await import('$repo/dist/probe/native.js');
    const p = await m.buildNativeProbe();
    console.log(p.kind === 'native' ? p.binary : p.why);
    process.exit(p.kind === 'native' ? 0 : 1);" 2>&1)"; then
    say "native probe: $out"
  else
    banner "native probe cannot be built: $out" "runs use the shell probe (same verdicts, about twice as slow on real runsc)"
    INCOMPLETE+=("native probe: $out")
  fi
}

check_busybox() {
  if [ ! -x /bin/busybox ]; then
    INCOMPLETE+=("/bin/busybox missing (package busybox-static)")
  elif ! /bin/busybox sh -c 'exit 0' 2>/dev/null; then
    INCOMPLETE+=("/bin/busybox does not run")
  else
    say "busybox for the probe rootfs: /bin/busybox ($(/bin/busybox 2>&1 | head -n 1 | cut -d' ' -f1,2))"
  fi
}

setup_legacy() {
  ENTRY_PINNED[legacy]=$LEGACY_PIN
  ENTRY_SUBSTITUTED[legacy]=false
  if [ ! -x /usr/bin/runsc ]; then
    ENTRY_ERROR[legacy]="/usr/bin/runsc missing (Debian package runsc)"
    INCOMPLETE+=("legacy: ${ENTRY_ERROR[legacy]}")
    return
  fi
  local line version
  line=$(version_line /usr/bin/runsc)
  version=${line#runsc version }
  if [ -z "$line" ] || [ -z "$version" ]; then
    ENTRY_ERROR[legacy]="/usr/bin/runsc --version does not run"
    INCOMPLETE+=("legacy: ${ENTRY_ERROR[legacy]}")
    return
  fi
  local dir="$RUNSC_DIR/$version"
  if [ "$(readlink "$dir/runsc" 2>/dev/null)" = /usr/bin/runsc ]; then
    say "legacy: $dir/runsc -> /usr/bin/runsc ($line) [already linked]"
  else
    mkdir -p "$dir" && ln -sfn /usr/bin/runsc "$dir/runsc"
    say "legacy: linked $dir/runsc -> /usr/bin/runsc ($line)"
  fi
  if [ "$version" != "$LEGACY_PIN" ]; then
    banner "legacy: Debian ships runsc $version, DESIGN.md expects $LEGACY_PIN" "the legacy alias uses $version"
    ENTRY_SUBSTITUTED[legacy]=true
  fi
  ENTRY_VERSION[legacy]=$version
  ENTRY_PATH[legacy]="$dir/runsc"
}

# build_version <version>: builds runsc at that go-branch pseudo-version into the cache.
# Prints the reason on stdout when it fails (first error line of the build log).
build_version() {
  local v=$1 mod="$CACHE/gomod-$1" out="$RUNSC_DIR/$1" log="$LOG_DIR/build-$1.log"
  mkdir -p "$mod" "$out" "$LOG_DIR"
  (
    echo "== build $v $(date -u +%FT%TZ)"
    cd "$mod" || exit 1
    [ -f go.mod ] || go mod init dfcbuild || exit 1
    export GONOSUMDB="$MODULE" GOFLAGS="-mod=mod $(go env GOFLAGS)" CGO_ENABLED=0
    go get "$MODULE@$v" || exit 1
    go build -ldflags "-X $VERSION_VAR=$v" -o "$out/runsc.partial" "$MODULE/runsc" || exit 1
    mv -f "$out/runsc.partial" "$out/runsc"
  ) >"$log" 2>&1
  local rc=$?
  if [ $rc -ne 0 ]; then
    rm -f "$out/runsc.partial"
    rmdir "$out" 2>/dev/null
    [ -x "$out/runsc" ] || rm -rf "$mod"
    { grep -v '^== build' "$log" | grep -m1 -E ' 4[0-9][0-9] [A-Z]|not available' ||
      grep -m1 -iE 'error|cannot|undefined' "$log" || tail -n 1 "$log"; } |
      sed 's/^[[:space:]]*//' 
    return 1
  fi
}

# setup_go_alias <alias> <pin> <substitute>
setup_go_alias() {
  local alias=$1 pin=$2 substitute=$3 v bin line reason chosen='' refused=''
  ENTRY_PINNED[$alias]=$pin
  for v in "$pin" "$substitute"; do
    bin="$RUNSC_DIR/$v/runsc"
    line=$(version_line "$bin")
    if [ "$line" = "runsc version $v" ]; then
      say "$alias: $bin ($line) [already built]"
      chosen=$v
      break
    fi
    local what="substitute"
    [ "$v" = "$pin" ] && what="DESIGN.md pin"
    if ! command -v go >/dev/null; then
      reason="go is not on PATH"
    else
      if [ -x "$bin" ]; then
        say "$alias: $bin reports \"${line:-nothing}\", rebuilding to stamp the version"
      else
        say "$alias: trying the $what $v with $(go env GOVERSION) (log: $LOG_DIR/build-$v.log)"
      fi
      if reason=$(build_version "$v") && [ "$(version_line "$bin")" = "runsc version $v" ]; then
        say "$alias: built $bin"
        chosen=$v
        break
      fi
    fi
    say "$alias: could not build the $what $v: ${reason:-runsc --version does not report $v}"
    [ "$v" = "$pin" ] && refused=${reason:-build failed}
  done
  if [ -z "$chosen" ]; then
    ENTRY_ERROR[$alias]="neither $pin nor $substitute could be built: ${reason:-unknown reason}"
    banner "runsc:$alias: NO BUILD. Pinned $pin and substitute $substitute both failed." \
      "last reason: ${reason:-unknown}" "build logs: $LOG_DIR/"
    INCOMPLETE+=("$alias: ${ENTRY_ERROR[$alias]}")
    return
  fi
  ENTRY_VERSION[$alias]=$chosen
  ENTRY_PATH[$alias]="$RUNSC_DIR/$chosen/runsc"
  if [ "$chosen" = "$pin" ]; then
    ENTRY_SUBSTITUTED[$alias]=false
  else
    ENTRY_SUBSTITUTED[$alias]=true
    banner "runsc:$alias: the DESIGN.md pin $pin could not be had" \
      "  (${refused:-not built})" \
      "runsc:$alias uses $chosen INSTEAD" \
      "(same era: $( [ "$alias" = modern ] && echo 'post-feature' || echo 'pre-feature' ) go branch)"
  fi
}

# The vendor build: vendor-gofer/ (its own go.mod) at the gVisor version it pins, into
# runsc/vendor-<version>-<hash of its sources>/runsc, so a change of the sources rebuilds.
VENDOR_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/vendor-gofer"

vendor_hash() {
  (cd "$VENDOR_SRC" && find . -maxdepth 1 -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort |
    xargs sha256sum | sha256sum | cut -c1-12)
}

# build_vendor <alias> <tags> <binary name>: one variant of vendor-gofer/ (vendorbug: the planted
# `claimall` fault, which also claims the mounts the glob does not match).
build_vendor() {
  local alias=$1 tags=$2 name=$3 v hash stamp dir bin log
  ENTRY_SUBSTITUTED[$alias]=false
  if [ ! -f "$VENDOR_SRC/go.mod" ]; then
    ENTRY_ERROR[$alias]="$VENDOR_SRC/go.mod missing"
    INCOMPLETE+=("$alias: ${ENTRY_ERROR[$alias]}")
    return
  fi
  v=$(awk '$1 == "'"$MODULE"'" { print $2 } $2 == "'"$MODULE"'" { print $3 }' "$VENDOR_SRC/go.mod" | head -n 1)
  hash=$(vendor_hash)
  ENTRY_PINNED[$alias]=$v
  stamp="$v-$alias-$hash"
  dir="$RUNSC_DIR/vendor-$v-$hash"
  bin="$dir/$name"
  log="$LOG_DIR/build-$alias-$hash.log"
  if [ "$(version_line "$bin")" = "runsc version $stamp" ]; then
    say "$alias: $bin (runsc version $stamp) [already built]"
  elif ! command -v go >/dev/null; then
    ENTRY_ERROR[$alias]="go is not on PATH"
  else
    say "$alias: building $VENDOR_SRC at $v${tags:+ (tags $tags)} with $(go env GOVERSION) (log: $log)"
    mkdir -p "$dir" "$LOG_DIR"
    (
      echo "== build $alias $stamp $(date -u +%FT%TZ)"
      cd "$VENDOR_SRC" || exit 1
      export GONOSUMDB="$MODULE" GOFLAGS="-mod=mod $(go env GOFLAGS)" CGO_ENABLED=0
      go vet -tags "$tags" . || exit 1
      go build -tags "$tags" -ldflags "-X $VERSION_VAR=$stamp" -o "$bin.partial" . || exit 1
      mv -f "$bin.partial" "$bin"
    ) >"$log" 2>&1
    if [ "$(version_line "$bin")" != "runsc version $stamp" ]; then
      rm -f "$bin.partial"
      rmdir "$dir" 2>/dev/null
      ENTRY_ERROR[$alias]="build failed: $(grep -v '^== build' "$log" | grep -m1 -iE 'error|cannot|undefined|vet:' ||
        tail -n 1 "$log")"
    else
      say "$alias: built $bin"
    fi
  fi
  if [ -n "${ENTRY_ERROR[$alias]:-}" ]; then
    banner "runsc:$alias: NO BUILD. ${ENTRY_ERROR[$alias]}" "build log: $log"
    INCOMPLETE+=("$alias: ${ENTRY_ERROR[$alias]}")
    return
  fi
  if [ -n "${ENTRY_VERSION[modern]:-}" ] && [ "${ENTRY_VERSION[modern]}" != "$v" ]; then
    banner "runsc:$alias pins gVisor $v but runsc:modern is ${ENTRY_VERSION[modern]}" \
      "update vendor-gofer/go.mod so both are the same version"
  fi
  ENTRY_VERSION[$alias]=$stamp
  ENTRY_PATH[$alias]=$bin
}

json_str() {
  if [ $# -eq 0 ] || [ -z "$1" ]; then printf 'null'; return; fi
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

write_aliases() {
  local tmp="$ALIASES.partial" first=1 a
  mkdir -p "$RUNSC_DIR"
  {
    printf '{\n'
    for a in modern prefeature legacy vendor vendorbug; do
      [ $first -eq 1 ] || printf ',\n'
      first=0
      printf '  "%s": { "version": %s, "path": %s, "pinned": %s, "substituted": %s' "$a" \
        "$(json_str "${ENTRY_VERSION[$a]:-}")" "$(json_str "${ENTRY_PATH[$a]:-}")" \
        "$(json_str "${ENTRY_PINNED[$a]:-}")" "${ENTRY_SUBSTITUTED[$a]:-false}"
      [ -z "${ENTRY_ERROR[$a]:-}" ] || printf ', "error": %s' "$(json_str "${ENTRY_ERROR[$a]}")"
      printf ' }'
    done
    printf '\n}\n'
  } >"$tmp" && mv -f "$tmp" "$ALIASES"
}

say "cache: $CACHE"
mkdir -p "$RUNSC_DIR"
ensure_debs
check_busybox
build_native_probe
setup_legacy
setup_go_alias prefeature "$PREFEATURE_PIN" "$PREFEATURE_SUBSTITUTE"
setup_go_alias modern "$MODERN_PIN" "$MODERN_SUBSTITUTE"
build_vendor vendor "" runsc
build_vendor vendorbug claimall runsc-claimall
write_aliases
say "wrote $ALIASES"
for a in modern prefeature legacy vendor vendorbug; do
  printf '  runsc:%-11s %s\n' "$a" "${ENTRY_PATH[$a]:-MISSING (${ENTRY_ERROR[$a]:-unknown})}"
done
if [ ${#INCOMPLETE[@]} -gt 0 ]; then
  for reason in "${INCOMPLETE[@]}"; do printf 'SETUP INCOMPLETE: %s\n' "$reason"; done
  say "the simulator suites still run; real-runsc suites skip the missing builds"
else
  say "setup complete"
fi
bash "$(dirname "${BASH_SOURCE[0]}")/setup-chromium.sh" || true
exit 0
