#!/bin/sh
# Builds the image's root file system besides the application (which jib adds as its own layers):
# a jlink'd Java runtime, the host's glibc (the runtime's only native dependency), a passwd entry
# for the non-root user and /tmp. Needs no registry and no Docker daemon.
# Usage: rootfs.sh <output dir>   (JAVA_HOME: the JDK to jlink from)
set -eu
out="$1"
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/lib/x86_64-linux-gnu" "$out/lib64" "$out/data"
"$JAVA_HOME/bin/jlink" \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,java.xml.crypto,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
  --output "$out/opt/java"
arch_lib=/lib/x86_64-linux-gnu
for l in libc.so.6 libdl.so.2 libm.so.6 libpthread.so.0 librt.so.1 libz.so.1 libgcc_s.so.1 libstdc++.so.6; do
  if [ -e "$arch_lib/$l" ]; then cp -L "$arch_lib/$l" "$out/lib/x86_64-linux-gnu/"; fi
done
cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
