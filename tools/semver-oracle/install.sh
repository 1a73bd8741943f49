#!/usr/bin/env bash
# Installs cargo-semver-checks, the independent oracle for the Rust-surface verdict of
# `specgen diff` (see tools/semver-oracle/run.sh). From crates.io, version pinned, with its own
# Cargo.lock (`--locked`), so the verdicts it records stay comparable between runs.
set -euo pipefail

CARGO_SEMVER_CHECKS_VERSION=0.51.0

if command -v cargo-semver-checks >/dev/null &&
    [[ "$(cargo-semver-checks --version 2>/dev/null)" == *" $CARGO_SEMVER_CHECKS_VERSION" ]]; then
    echo "cargo-semver-checks $CARGO_SEMVER_CHECKS_VERSION is installed"
    exit 0
fi
start=$(date +%s)
cargo install --locked cargo-semver-checks --version "$CARGO_SEMVER_CHECKS_VERSION"
echo "installed cargo-semver-checks $CARGO_SEMVER_CHECKS_VERSION in $(( $(date +%s) - start )) s"
