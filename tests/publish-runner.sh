#!/usr/bin/env bash
# Publishes the test assembly as one self-contained, compressed executable for a machine without .NET (the
# GPU machine):   tests/publish-runner.sh [OUT_DIR]        (default artifacts/runner)
# then run        OUT_DIR/KernelGen.Tests [--filter REGEX]
# Not trimmed: NUnit discovers tests by reflection. The bundle extracts itself on first start (to
# $DOTNET_BUNDLE_EXTRACT_BASE_DIR, default ~/.net): NUnit needs the test assembly to have a file path.
# ONNX Runtime's native library (35 MB) is left out, so the ONNX export tests skip there with the reason; they are
# CPU checks, run by ./test.sh and the GPU kit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/runner}"
limit=$((64 * 1024 * 1024))
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

dotnet publish "$root/tests/KernelGen.Tests/KernelGen.Tests.csproj" -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:IncludeAllContentForSelfExtract=true -p:SatelliteResourceLanguages=en -p:DebugType=none -p:OnnxRuntimeExcludeAssets=native \
  -o "$staging" -v minimal

# Everything the runner needs is inside the single file; the rest of the publish folder is the code-coverage
# collector that Microsoft.NET.Test.Sdk drops next to it (only `dotnet test` uses it).
rm -rf "$out"
mkdir -p "$out"
cp "$staging/KernelGen.Tests" "$out/"

size=$(du -sb "$out" | cut -f1)
echo "runner: $out/KernelGen.Tests, $(numfmt --to=iec-i --suffix=B "$size") ($size bytes) in total"
if (( size > limit )); then
  echo "error: the runner is larger than 64 MiB" >&2
  exit 1
fi
