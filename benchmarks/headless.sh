# Sourced by the benchmark scripts. Builds Reji into BUILDDIR (default
# build/) and, when there is no display, runs the calling script again
# under Xvfb and a private D-Bus session bus, with HOME and the XDG
# directories in a temporary directory.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$root/build}

if [ -z "${REJI_BENCH_HEADLESS:-}" ]; then
  if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$root" >/dev/null
  fi
  ninja -C "$builddir" >/dev/null

  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -m 700 "$scratch/home" "$scratch/runtime" "$scratch/cache"
  export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/runtime" XDG_CACHE_HOME="$scratch/cache"
  export REJI_BENCH_HEADLESS=1 BUILDDIR="$builddir"
  export GSETTINGS_BACKEND=memory GIO_USE_PROXY_RESOLVER=dummy REJI_LOCALEDIR="$builddir/po"
  export REJI_KOMOJU_SECRET_KEY= REJI_KOMOJU_BASE_URL= REJI_KOMOJU_RETURN_URL=

  if [ -n "${DISPLAY:-}" ]; then
    dbus-run-session -- "$0" "$@"
  else
    xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp' dbus-run-session -- "$0" "$@"
  fi
  exit $?
fi
