#!/usr/bin/env bash
# What the local split run needs beyond the JDK and the three servers: nginx, the edge in front of the deployments.
# Run by ./mvnw before the tests (and usable alone): installs Debian's nginx-light when nginx is missing and this user
# may install packages. Where it cannot, it says what to do and lets the tests run: only the split's end-to-end tests
# need nginx, and they fail naming it.
set -euo pipefail

if command -v nginx >/dev/null 2>&1; then
  echo "tools: $(nginx -v 2>&1)"
  exit 0
fi
if [ -x /usr/sbin/nginx ]; then
  echo "tools: nginx is installed but not on the PATH; add /usr/sbin to the PATH for the split's end-to-end tests" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "tools: nginx is missing; install it (Debian: apt-get install nginx-light) for the split's end-to-end tests" >&2
  exit 0
fi
echo "tools: installing nginx-light"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q nginx-light >/dev/null 2>&1 \
  || { apt-get update -q >/dev/null && apt-get install -y -q nginx-light >/dev/null; }
# the package may start a server of its own on port 80; the split runs its own nginx with its own configuration
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  systemctl stop nginx || true
fi
nginx -s stop 2>/dev/null || true
echo "tools: $(nginx -v 2>&1)"
