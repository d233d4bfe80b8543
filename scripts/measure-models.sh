#!/usr/bin/env bash
# Runs the quality measurements of the models (src/Models/Measurements) and merges their results into
# docs/models/results.json, with their images beside it:
#   scripts/measure-models.sh                 every measurement
#   scripts/measure-models.sh vae gan         a subset, by name (results of the others are kept)
#   scripts/measure-models.sh --quick vae     a smoke run (small slices, one epoch; no quality claims)
# Other options (--device D, --out DIR) are passed to 'kernelgen measure'.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
names=()
options=()
while (($#)); do
  case "$1" in
    --quick) options+=("$1"); shift ;;
    --device|--out) options+=("$1" "$2"); shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
((${#names[@]})) || names=(all)
has_out=false
for o in "${options[@]+"${options[@]}"}"; do [ "$o" = --out ] && has_out=true; done
$has_out || options+=(--out docs/models)

dotnet build src/Cli -c Release -v quiet -nologo
for name in "${names[@]}"; do
  dotnet run -c Release --no-build --project src/Cli -- measure "$name" "${options[@]}"
done
