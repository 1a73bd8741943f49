#!/usr/bin/env bash
# The independent oracle for the Rust-surface verdict of `specgen diff`: cargo-semver-checks
# compares the generated crate before and after the Bastion bump (Network 2023-11-01 →
# 2024-05-01) and its findings are recorded in tools/semver-oracle/bastion-2023-11-01-to-2024-05-01.txt,
# which tests/tests/semver_oracle.rs compares item by item with our own verdict.
#
#   tools/semver-oracle/run.sh          # refresh the record
#   tools/semver-oracle/run.sh --check  # fail when the record is not what the tool says now
#
# "Before" is the committed tree bumped back to 2023-11-01 alone (`specgen bump`, with the
# repository's own specs/ as upstream) and regenerated at the crate version it had then (0.1.0);
# "after" is the committed generated/. Only the `network` feature is compared (the bump changes
# nothing else). `--release-type patch` makes the tool report every breaking change instead of
# accepting them for the 0.1 → 0.2 bump.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=tools/semver-oracle
record=$here/bastion-2023-11-01-to-2024-05-01.txt

"$here/install.sh"
start=$(date +%s)
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT
mkdir -p "$before/specs" "$before/generated"
cp -r specs/. "$before/specs"
cp -r generated/Cargo.toml generated/CHANGELOG.md generated/src "$before/generated"
cargo build -q -p specgen
specgen=target/debug/specgen
project=(--manifest "$before/specs/specs.toml" --out "$before/generated")
"$specgen" bump "${project[@]}" network 2023-11-01 --upstream specs >/dev/null
sed -i 's/^version = ".*"$/version = "0.1.0"/' "$before/specs/specs.toml"
"$specgen" generate "${project[@]}" >/dev/null
grep -q '^version = "0.1.0"' "$before/generated/Cargo.toml"

out=$(mktemp)
set +e
# The generated crate is `publish = false`: cargo-semver-checks checks it only when named.
cargo semver-checks check-release --color never -p session_clients \
    --baseline-root "$before/generated" \
    --only-explicit-features --features network --release-type patch >"$out" 2>&1
status=$?
set -e
# Keep the findings (from the first failure to the summary) without file locations, so the
# record is the same on every machine.
awk '/^--- failure/ {keep = 1} keep && !/^ *Finished/' "$out" |
    sed -E -e "s#$PWD/##g" -e "s#$before/#BEFORE/#g" -e "s/ in [^ ]+:[0-9]+$//" >"$out.findings"
echo "cargo-semver-checks exit status: $status" >>"$out.findings"
if [[ ${1:-} == --check ]]; then
    diff -u "$record" "$out.findings" && echo "the record is current"
else
    cp "$out.findings" "$record"
    echo "wrote $record"
fi
rm -f "$out" "$out.findings"
echo "oracle run took $(( $(date +%s) - start )) s (install not counted)"
