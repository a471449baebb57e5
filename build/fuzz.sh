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
  "./internal/api FuzzAPIWrite"
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
  "./internal/web FuzzPagePost"
  "./internal/xlsx FuzzActualCell"
  "./internal/xlsx FuzzKeyFigureCell"
  "./internal/xlsx FuzzLetterCell"
  "./internal/xlsx FuzzProposalCell"
  "./internal/xlsx FuzzReadActuals"
  "./internal/xlsx FuzzReadKeyFigures"
  "./internal/xlsx FuzzReadLetters"
  "./internal/xlsx FuzzReadProposals"
)

# A failing input is written to testdata/fuzz/<target>/ of the package: that is a failure.
# Go 1.26's fuzz coordinator can also end a duration-bounded run with a bare "context deadline
# exceeded" and no input written, a race at the end of -fuzztime on a loaded machine
# (go.dev/issue/75804, fixed in Go 1.27): that is reported and not counted as a failure.
start=$SECONDS
failed=0
flaked=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "${targets[@]}"; do
  read -r pkg name <<<"$t"
  corpus="$pkg/testdata/fuzz/$name"
  before=$(ls "$corpus" 2>/dev/null | sort || true)
  echo "fuzz: $pkg $name for $FUZZTIME"
  if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "${PARALLEL[@]}" "$pkg" >"$log" 2>&1; then
    tail -n 1 "$log"
    continue
  fi
  cat "$log"
  after=$(ls "$corpus" 2>/dev/null | sort || true)
  if [ "$before" = "$after" ] && grep -q '^    context deadline exceeded$' "$log"; then
    echo "fuzz: $name ended on Go's fuzztime deadline race with no failing input (go.dev/issue/75804): not a failure"
    flaked=$((flaked + 1))
    continue
  fi
  echo "fuzz: $name FAILED"
  failed=$((failed + 1))
done
echo "fuzz: ${#targets[@]} targets in $((SECONDS - start))s: $failed failed, $flaked ended on the deadline race"
[ "$failed" -eq 0 ]
