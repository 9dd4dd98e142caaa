#!/usr/bin/env bash
# Installs the Debian packages leadpool builds and tests with, when any is missing.
# Runs as root (or through sudo when it is there); does nothing when everything is present.
set -euo pipefail

# libphonenumber-dev parses and checks phone numbers (src/phone_number.cpp).
# libssl-dev (libcrypto) hashes the suppression list's identities (src/suppression.cpp).
# libpq-dev builds the PostgreSQL store; postgresql is the server its tests start (scripts/postgres-server.sh).
# libcli11-dev and libcsv-dev build the command-line tool (cli/); chromium, python3-pil and a CJK
# font (fonts-wqy-microhei) render and check its HTML report in the tests (tests/cli/).
# clang and its runtimes (libFuzzer, ASan, UBSan) build the fuzz targets (scripts/fuzz.sh).
# doxygen builds the API reference (scripts/api-reference.sh).
# mypy checks the Python package's types (--strict, ctest: python_mypy).
packages=(cmake ninja-build gcc g++ pkg-config libsqlite3-dev libsqlitecpp-dev nlohmann-json3-dev doctest-dev
          libphonenumber-dev libssl-dev libpq-dev postgresql
          python3 python3-pytest python3-setuptools python3-wheel python3-venv python3-pip mypy
          clang libclang-rt-14-dev
          libcli11-dev libcsv-dev chromium python3-pil fonts-wqy-microhei
          doxygen)

# Node.js and npm run the Node.js binding's tests (bindings/node; koffi needs Node >= 16, node --test
# 18): any node and npm on PATH do (NodeSource's, nvm's, ...); where there are none, Debian's
# nodejs 18 and npm.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
