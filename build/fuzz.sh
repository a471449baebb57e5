#!/usr/bin/env bash
# build/fuzz.sh: runs every fuzz target of the repository for a few seconds each, on top of
# its seed corpus (testdata/fuzz/<target>, run by `go test ./...` as regression tests).
# Called from .ci/run after `go test ./...`; the whole run stays under two minutes.
#   LUOSHI_FUZZTIME      time per target (default 3s)
#   LUOSHI_FUZZ_PARALLEL workers per target (default: go test's, GOMAXPROCS)
# A failure leaves its input in testdata/fuzz/<target>/ of the package: fix the code and keep
# the file as a regression seed. cmd/luoshi TestFuzzTargetsListed fails when a Fuzz function
# of the repository is missing from the list below.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${LUOSHI_FUZZTIME:-3s}
PARALLEL=()
if [ -n "${LUOSHI_FUZZ_PARALLEL:-}" ]; then
  PARALLEL=(-parallel "$LUOSHI_FUZZ_PARALLEL")
fi

# package target — every Fuzz function of the repository, one a line.
targets=(
  "./internal/api FuzzBulletinRef"
  "./internal/api FuzzDecodeBody"
  "./internal/api FuzzItemFilter"
  "./internal/api FuzzParseTime"
  "./internal/api FuzzPathID"
  "./internal/api FuzzQueryParams"
  "./internal/httpx FuzzClientAddr"
  "./internal/httpx FuzzDecode"
  "./internal/luoshi FuzzCleanAttachmentName"
  "./internal/luoshi FuzzParseCadence"
  "./internal/luoshi FuzzParseCalendarCSV"
  "./internal/luoshi FuzzValidateCreditCode"
  "./internal/store FuzzDecodeCursor"
  "./internal/web FuzzFormFields"
  "./internal/web FuzzFormValues"
  "./internal/web FuzzListQuery"
  "./internal/xlsx FuzzActualCell"
  "./internal/xlsx FuzzKeyFigureCell"
  "./internal/xlsx FuzzLetterCell"
  "./internal/xlsx FuzzProposalCell"
  "./internal/xlsx FuzzReadActuals"
  "./internal/xlsx FuzzReadKeyFigures"
  "./internal/xlsx FuzzReadLetters"
  "./internal/xlsx FuzzReadProposals"
)

start=$SECONDS
for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  echo "fuzz: $pkg $name for $FUZZTIME"
  go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "${PARALLEL[@]}" "$pkg"
done
echo "fuzz: ${#targets[@]} targets in $((SECONDS - start))s"
