#!/usr/bin/env bash
# The Debian packages the course needs besides .venv, installed when missing.
#
# Run by the Makefile before the targets that need them. As root with apt-get, a missing
# package is installed; otherwise the script stops and says exactly what to install.
# To add a package, add one line to PACKAGES: "<debian package> <command it provides> <what for>".
#
# NNCOURSE_SKIP_BROWSER=1 leaves out chromium (and the browser tests then skip, on request).
set -euo pipefail

PACKAGES="
bubblewrap bwrap      the grading sandbox: every grading kernel runs inside bwrap (nncourse/grading/sandbox.py)
util-linux prlimit    the grading sandbox's resource limits (memory, CPU time, processes, file size)
chromium   chromium   the browser tests (tests/browser) drive it headless with Playwright
"

missing=()
while read -r package command why; do
    [ -n "$package" ] || continue
    if [ "$package" = chromium ] && [ "${NNCOURSE_SKIP_BROWSER:-0}" = 1 ]; then
        continue
    fi
    command -v "$command" >/dev/null 2>&1 || missing+=("$package")
done <<< "$PACKAGES"

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian package(s): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # wait for another apt run (e.g. a parallel set-up) instead of failing on its lock
    apt_get=(apt-get -o DPkg::Lock::Timeout=300 -q)
    "${apt_get[@]}" update >/dev/null
    "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi

echo "The course needs these system packages, which are not installed: ${missing[*]}" >&2
while read -r package command why; do
    for m in "${missing[@]}"; do
        [ "$m" = "$package" ] && echo "  $package: $why" >&2
    done
done <<< "$PACKAGES"
echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
echo "(or your system's package of the same name), then run make again." >&2
case " ${missing[*]} " in
    *" bubblewrap "*) echo "To grade without the sandbox instead (not for real submissions):" \
                           ".venv/bin/nncourse grade --no-sandbox" >&2 ;;
esac
case " ${missing[*]} " in
    *" chromium "*) echo "To run everything except the browser tests instead:" \
                         "NNCOURSE_SKIP_BROWSER=1 make test" >&2 ;;
esac
exit 1
