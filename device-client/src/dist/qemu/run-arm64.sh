#!/bin/sh
# Proof that the linux-aarch64 distribution runs: builds the -Paarch64 jar and runs its `selftest`
# (load PyTorch offline from the jar, train a few steps on one batch of the bundled sample) under
# user-mode emulation, with Debian's arm64 OpenJDK 17 unpacked into a sysroot under target/.
# Nothing of the host is replaced: the arm64 packages are only downloaded and extracted.
#
# Usage (from the repository root, on Debian/Ubuntu amd64; root for the apt steps):
#   device-client/src/dist/qemu/run-arm64.sh [selftest options, e.g. --spec cnn]
# Environment: SKIP_BUILD=1 reuses an existing jar. See docs/device-client.md for the output.
set -eu

repo=$(cd "$(dirname "$0")/../../../.." && pwd)
work=$repo/device-client/target/qemu-arm64
sysroot=$work/sysroot
jar=$(ls "$repo"/device-client/target/fleetlearn-device-*-linux-aarch64.jar 2>/dev/null | tail -1 || true)

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "run-arm64.sh: '$*' needs root; run it once as root or with sudo" >&2
    exit 1
  fi
}

# 1. qemu-aarch64-static (binfmt is not needed: the emulator is called directly).
if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
  need_root apt-get install qemu-user-static
  apt-get install -y --no-install-recommends qemu-user-static
fi

# 2. The arm64 JRE and the libraries it and PyTorch link against, extracted, not installed.
java=$sysroot/usr/lib/jvm/java-17-openjdk-arm64/bin/java
if [ ! -x "$java" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    need_root dpkg --add-architecture arm64
    dpkg --add-architecture arm64
    apt-get update
  fi
  mkdir -p "$work/debs" "$sysroot"
  (cd "$work/debs" &&
    apt-get download openjdk-17-jre-headless:arm64 libc6:arm64 libgcc-s1:arm64 \
      libstdc++6:arm64 zlib1g:arm64)
  for deb in "$work"/debs/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
  done
fi

# 3. The aarch64 jar (natives: pytorch-native-cpu linux-aarch64 from Maven Central).
if [ -z "$jar" ] || [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$repo" && ./mvnw -B -q -pl device-client -am package -DskipTests -Paarch64)
  jar=$(ls "$repo"/device-client/target/fleetlearn-device-*-linux-aarch64.jar | tail -1)
fi

# 4. Run it. -L makes the emulator resolve /lib/ld-linux-aarch64.so.1 and the libraries in the
# sysroot; the natives unpack into target/, never into the home folder.
echo "== $(qemu-aarch64-static --version | head -1)"
echo "== $java -jar $(basename "$jar") selftest $*"
export DJL_CACHE_DIR="$work/djl-cache" ENGINE_CACHE_DIR="$work/djl-cache"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true PYTORCH_FLAVOR=cpu MALLOC_ARENA_MAX=2 OMP_NUM_THREADS=1
start=$(date +%s)
set +e
qemu-aarch64-static -L "$sysroot" "$java" -Xmx256m \
  -Dai.djl.offline=true -jar "$jar" selftest "$@"
status=$?
echo "== exit $status after $(($(date +%s) - start)) s"
exit $status
