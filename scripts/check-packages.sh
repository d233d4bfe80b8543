#!/usr/bin/env bash
# Packs every package into artifacts/packages (KernelGen.Kernels with the generator as an analyzer,
# KernelGen.Graph, KernelGen.Models, and the kernelgen .NET tool KernelGen.Cli), then builds and runs
# examples/PackageConsumer against the packed KernelGen.Kernels alone: it launches a kernel of its own (rendered by
# the packed generator) and one of the library's on the CPU, and checks both results.
# Restores into a temporary package folder (other packages come from the usual cache or feeds), so a re-pack
# of the same version is never shadowed by an older copy in ~/.nuget/packages.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/packages"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rm -rf "$out"
dotnet pack "$root/KernelGen.sln" -c Release -o "$out" -v quiet -nologo
ls -1 "$out"

cp -r "$root/examples/PackageConsumer/." "$work/"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources><add key="kernelgen-local" value="$out" /></packageSources>
  <fallbackPackageFolders><add key="cache" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" /></fallbackPackageFolders>
</configuration>
XML
dotnet run --project "$work/PackageConsumer.csproj" -c Release -nologo -v quiet
