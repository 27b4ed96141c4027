#!/usr/bin/env bash
# What the local split run and its tests need beyond the JDK and the three servers: HAProxy, the edge in front of the
# deployments, Prometheus (with promtool), which scrapes them and checks the alerting rules, and OpenSSL, which makes
# the access tokens' key whose public half the deployments not running identity get. Run by ./mvnw before
# the tests (and usable alone): installs Debian's haproxy and prometheus where they are missing and this user may
# install packages. Where it cannot, it says what to do and lets the tests run: only the tests that need a tool fail,
# naming it.
set -euo pipefail

missing=()
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ -x /usr/sbin/haproxy ] && ! command -v haproxy >/dev/null 2>&1; then
  echo "tools: haproxy is installed but not on the PATH; add /usr/sbin to the PATH for the split's tests" >&2
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "tools: ${missing[*]} missing; install them (Debian: apt-get install ${missing[*]}) for the tests that need them" >&2
    exit 0
  fi
  echo "tools: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
  # the packages may start servers of their own (HAProxy on port 80, Prometheus on 9090); the split runs its own
  for service in haproxy prometheus; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
      systemctl stop "$service" || true
    fi
  done
fi
echo "tools: $(haproxy -v 2>&1 | head -n 1), $(promtool --version 2>&1 | head -n 1)"
