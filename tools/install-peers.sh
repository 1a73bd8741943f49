#!/usr/bin/env bash
# Installs the peer generators that `cargo xtask bench` compares specgen with.
# They are optional benchmark tools, never build dependencies: the bench prints
# "peer not installed" and goes on when one is missing from PATH.
#
# Versions are pinned so figures stay comparable between runs.
#   cargo-progenitor: compiles from source (several minutes on 2 cores).
#   openapi-generator-cli: the PyPI wheel bundles the jar; needs `java` on PATH.
set -euo pipefail

PROGENITOR_VERSION=0.15.1
OPENAPI_GENERATOR_VERSION=7.26.0

want="${1:-all}"   # all | progenitor | openapi-generator

if [[ $want == all || $want == progenitor ]]; then
    cargo install --locked cargo-progenitor --version "$PROGENITOR_VERSION"
fi

if [[ $want == all || $want == openapi-generator ]]; then
    python3 -m pip install "openapi-generator-cli==$OPENAPI_GENERATOR_VERSION"
    command -v java >/dev/null || echo "warning: openapi-generator needs java on PATH" >&2
fi
