#!/usr/bin/env bash
# Installs what rxpress needs to build and test (Debian 12 packages only) and
# builds it into build/. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # toolchain
  cmake ninja-build g++ pkg-config
  # libraries
  libboost-dev nlohmann-json3-dev libsqlite3-dev libspdlog-dev libfmt-dev libcli11-dev
  libtomlplusplus-dev prometheus-cpp-dev libpugixml-dev
  # verification station: zxing-cpp decodes tote photos, libpng reads them;
  # zint draws the GS1 DataMatrix test images
  libzxing-dev libpng-dev zint libzint-dev
  # tests and benchmarks: python3-hl7 is the independent HL7 peer the
  # interoperability tests check rxpress's output with; clang-14 builds the
  # libFuzzer targets
  libgtest-dev libgmock-dev libbenchmark-dev python3-hl7 clang-14 libclang-rt-14-dev
  # browser tests
  chromium
)
# browser tests: Node.js and npm from Debian only when no Node.js >= 18 is on
# PATH. A newer one installed otherwise (it brings its own npm) must not be
# replaced by Debian's, whose npm package would pull Debian's nodejs over it.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((node_major < 18)); then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# browser tests: playwright-core (drives the chromium above; downloads no browser).
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if ((node_major < 18)) || ! command -v npm >/dev/null; then
  echo "setup: the browser tests need Node.js >= 18 with npm; on PATH: node $(node --version 2>/dev/null ||
    echo none), npm $(npm --version 2>/dev/null || echo none)" >&2
  exit 1
fi
if [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  echo "setup: installing tests/e2e/node_modules" >&2
  # --omit=optional: pdf.js can render with node-canvas, whose install fetches a native build
  # from outside npm; the tests only read text, so they do not need it.
  npm ci --prefix tests/e2e --no-audit --no-fund --omit=optional
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
echo "setup: built build/rxpress" >&2
