#!/usr/bin/env bash
# Measures the CPU backend against PyTorch (the peer refuses a reference BLAS) on this host, both sides in one
# invocation per suite, and writes the records under perf/results/DATE-cpu[-avx2]/:
#   scripts/measure-cpu.sh          the host's widest vector path (AVX-512 where the CPU has it)
#   scripts/measure-cpu.sh --avx2   the same run as on an AVX2-only host: ours with DOTNET_EnableAVX512=0, the peer with
#                                   ONEDNN_MAX_CPU_ISA=AVX2 and OPENBLAS_CORETYPE=Haswell
# Run it on a quiet machine: each suite prints the FMA peak it measured at its start and end, and warns on drift;
# the kernel suites alternate the two sides for three rounds and keep each side's fastest, and the train suite runs
# the peer right after each of our models, two rounds, each side's fastest kept.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
suffix=""
if [ "${1:-}" = --avx2 ]; then
  export DOTNET_EnableAVX512=0 ONEDNN_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell
  suffix="-avx2"; shift
fi
out="perf/results/$(date -u +%Y-%m-%d)-cpu$suffix"
mkdir -p "$out"
dotnet build perf -c Release -v quiet -nologo
perf() { dotnet run -c Release --no-build --project perf -- "$@"; }
perf launch | tee "$out/launch.txt"
perf gemm --device cpu --large --peer torch --rounds 3 --json "$out/gemm-cpu.jsonl" | tee "$out/gemm.txt"
perf conv --device cpu --peer torch --rounds 3 --json "$out/conv-cpu.jsonl" | tee "$out/conv.txt"
perf train --device cpu --models ae,vae,gan,conv-ae,dcgan --batch 128 --peer torch --rounds 2 --profile \
  --json "$out/train-cpu.jsonl" --markdown "$out/train.md" | tee "$out/train.txt"
echo "records in $out"
