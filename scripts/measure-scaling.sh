#!/usr/bin/env bash
# Measures data-parallel training on this machine with the real kernelgen (docs/scaling.md): for each model, the same
# global batch of 128 trained by
#   1 rank × all cores       kernelgen train MODEL                       (the peer: what data parallelism must beat)
#   1 rank × 1 core          taskset -c 0 kernelgen train MODEL          (one rank's share of the machine alone)
#   2 ranks × 1 core each    mpirun -np 2 --bind-to core … --data-parallel, with and without --no-overlap
# reporting images/s (the median epoch after the first), the ratio to 1 rank × all cores, and
# the all-reduce's share of rank 0's training time (in MPI_Allreduce, and what the training thread waited for).
# Writes perf/results/DATE-scaling/scaling.md and the logs. Needs openmpi-bin. Usage: scripts/measure-scaling.sh [MODEL...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
models=("$@"); ((${#models[@]})) || models=(vae gan conv-ae dcgan)
out="perf/results/$(date -u +%Y-%m-%d)-scaling"
mkdir -p "$out"
dotnet build KernelGen.sln -c Release -v quiet -nologo
k=src/Cli/bin/Release/net10.0/kernelgen
export KERNELGEN_BACKENDS=cpu
mpi=(mpirun --allow-run-as-root --oversubscribe --bind-to core -np 2)
# Enough images that an epoch takes about a second or more on one core: the fast MLPs on Fashion-MNIST's 60,000.
data() { case "$1" in vae|gan) echo "--data fashion-mnist --epochs 3" ;; dcgan) echo "--limit 4096 --epochs 3" ;; *) echo "--limit 8000 --epochs 4" ;; esac; }
run() { # NAME MODEL LAUNCHER... -- EXTRA
  local name=$1 model=$2; shift 2
  local pre=() extra=()
  while (($#)) && [ "$1" != -- ]; do pre+=("$1"); shift; done
  shift; extra=("$@")
  rm -rf "$out/run"
  # shellcheck disable=SC2046
  "${pre[@]}" "$k" train "$model" --device cpu --batch 128 $(data "$model") --samples 0 --out "$out/run" "${extra[@]}" \
    > "$out/$model-$name.log" 2>&1
}
{
  echo "host: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(mpirun --version | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"
  dotnet run -c Release --no-build --project perf -- gemm --device cpu --shapes 256x256x256 --runs 1 --seconds 0.2 | grep -o 'measured FMA peak [0-9]* GFLOP/s' | head -1
} > "$out/host.txt"
for m in "${models[@]}"; do
  run all-cores "$m" env --
  run one-core "$m" taskset -c 0 --
  run ranks-overlap "$m" "${mpi[@]}" -- --data-parallel
  run ranks-no-overlap "$m" "${mpi[@]}" -- --data-parallel --no-overlap
done
rm -rf "$out/run"
python3 - "$out" "${models[@]}" <<'PY'
import re, sys, pathlib
out = pathlib.Path(sys.argv[1]); models = sys.argv[2:]
def speed(log):
    rates = [float(r) for r in re.findall(r"^epoch \d+/\d+ done .*?  (\d+) images/s", log, re.M)]
    rates = sorted(rates[1:] or rates)
    return rates[len(rates) // 2]
def reduce(log):
    m = re.search(r"exchanges of ([\d.]+) MB, ([\d.]+) ms each in MPI_Allreduce, ([\d.]+) ms of it waited .*? ([\d.]+)% of rank 0's training time in the all-reduce, ([\d.]+)% waited", log)
    return m.groups() if m else None
rows = ["| model | gradients | 1 rank × 2 cores | 1 rank × 1 core | 2 ranks × 1 core, overlap | all-reduce / waited | 2 ranks × 1 core, no overlap | all-reduce / waited |",
        "|---|---:|---:|---:|---:|---:|---:|---:|"]
for m in models:
    logs = {n: (out / f"{m}-{n}.log").read_text() for n in ["all-cores", "one-core", "ranks-overlap", "ranks-no-overlap"]}
    base = speed(logs["all-cores"]); cells = [m]
    ro, rn = reduce(logs["ranks-overlap"]), reduce(logs["ranks-no-overlap"])
    cells.append(f"{ro[0]} MB" if ro else "?")
    cells.append(f"{base:,.0f} img/s")
    cells.append(f"{speed(logs['one-core']):,.0f} img/s ({speed(logs['one-core']) / base:.2f}×)")
    for name, r in [("ranks-overlap", ro), ("ranks-no-overlap", rn)]:
        s = speed(logs[name])
        cells.append(f"{s:,.0f} img/s ({s / base:.2f}×)")
        cells.append(f"{r[3]}% / {r[4]}% ({r[1]} / {r[2]} ms per exchange)" if r else "?")
    rows.append("| " + " | ".join(cells) + " |")
host = (out / "host.txt").read_text().strip().replace("\n", "; ")
text = f"# Data-parallel training on one machine\n\n{host}\n\nGlobal batch 128, images/s of the median epoch after the first; ratios to 1 rank × 2 cores.\n\n" + "\n".join(rows) + "\n"
(out / "scaling.md").write_text(text); print(text)
PY
