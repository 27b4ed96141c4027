#!/usr/bin/env bash
# The images' runtime, the base layer every deployment's image shares: Debian's C library (the only native library
# the Java runtime links against) and a Java runtime linked with jlink from the build's JDK, holding the JDK modules
# the application and its libraries use, and a user without privileges to run as.
#
# Usage: deploy/image/runtime.sh <directory>    (JAVA_HOME: the JDK to link from, 25 or newer)
# The directory becomes a root file system: /opt/java, the C library under /lib and /lib64, /etc/passwd with the
# user yuelv (10001), /tmp. Debian's packages come through apt-get download, so their versions are the release's.
set -euo pipefail
root=$1
java_home=${JAVA_HOME:?JAVA_HOME names the JDK to link the runtime from}

# the whole Java SE API (java.se), and the JDK modules reached by name at run time: sun.misc.Unsafe for the libraries
# that use it, charsets and locale data for Chinese text, the EC and PKCS#11 providers, DNS names, the ZIP file system,
# JFR, the management agent and jcmd for diagnostics
modules=java.se,jdk.unsupported,jdk.charsets,jdk.localedata,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.net,\
jdk.zipfs,jdk.jfr,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jcmd

rm -rf "$root"
# /tmp and /app/data belong to yuelv in the image (DeploymentImages), which runs nothing else
mkdir -p "$root"/{opt,etc,tmp,app/data}

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --include-locales=en,zh --output "$root/opt/java"

# a server without a display or sound: the X11 toolkit and its native interface, the splash screen and sound, whose X and ALSA libraries the
# image does not hold (Spring Boot runs headless, which loads libawt_headless instead)
rm -f "$root"/opt/java/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so

packages=$(mktemp -d)
trap 'rm -rf "$packages"' EXIT
# an empty package index is read first, which takes root
( cd "$packages" && { apt-get download -q libc6 > /dev/null 2>&1 \
  || { [ "$(id -u)" = 0 ] && apt-get update -qq && apt-get download -q libc6; } } ) \
  || { echo "apt-get download libc6 failed: the package index is empty or Debian's mirror unreachable (as root: apt-get update)" >&2; exit 1; }
for deb in "$packages"/*.deb; do
  dpkg-deb -x "$deb" "$root"
done
# what the image does not run: the package's documentation, locales, the dynamic loader's helpers and gconv modules
rm -rf "$root"/usr/share "$root"/usr/bin "$root"/usr/sbin "$root"/sbin "$root"/usr/lib/x86_64-linux-gnu/gconv \
  "$root"/usr/libexec "$root"/etc/ld.so.conf.d "$root"/usr/lib/x86_64-linux-gnu/audit

# a layer holds files: each symbolic link (the dynamic loader's, in /lib64) becomes a copy of its target in the root
find "$root" -type l | while read -r link; do
  target=$(readlink "$link")
  [[ "$target" = /* ]] && target="$root$target" || target="$(dirname "$link")/$target"
  cp --remove-destination "$target" "$link"
done

# every native library the runtime loads must be in the root
missing=$(find "$root/opt/java" -name '*.so' -exec readelf -d {} \; | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' \
  | sort -u | while read -r library; do
      [ -e "$root/lib/x86_64-linux-gnu/$library" ] || [ -n "$(find "$root/opt/java/lib" -name "$library")" ] \
        || echo "$library"
    done)
[ -z "$missing" ] || { echo "the runtime needs libraries the image lacks: $missing" >&2; exit 1; }

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
yuelv:x:10001:10001:Yuelv:/app:/usr/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
yuelv:x:10001:
GROUP
# names from /etc/hosts first, then DNS: what Kubernetes mounts into every container
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"
