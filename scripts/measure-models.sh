#!/usr/bin/env bash
# Runs the quality measurements of the models (src/Measurements) and merges their results into
# docs/models/results.json, with their images beside it:
#   scripts/measure-models.sh                 every measurement
#   scripts/measure-models.sh vae gan         a subset, by name (results of the others are kept)
#   scripts/measure-models.sh --quick vae     a smoke run (small slices, one epoch; no quality claims)
#   scripts/measure-models.sh gan --option pack=4   other model options for the generator measurements
# Other options (--device D, --out DIR, --option NAME=VALUE) are passed to 'kernelgen measure'. All measurements run
# in one process, so the classifiers that judge the generators are trained once per dataset.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
names=()
options=()
while (($#)); do
  case "$1" in
    --quick) options+=("$1"); shift ;;
    --device|--out|--option) options+=("$1" "$2"); shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
((${#names[@]})) || names=(all)
has_out=false
for o in "${options[@]+"${options[@]}"}"; do [ "$o" = --out ] && has_out=true; done
$has_out || options+=(--out docs/models)

dotnet build src/Cli -c Release -v quiet -nologo
joined=$(IFS=,; echo "${names[*]}")
dotnet run -c Release --no-build --project src/Cli -- measure "$joined" "${options[@]}"
