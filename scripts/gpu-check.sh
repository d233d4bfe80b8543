#!/usr/bin/env bash
# The GPU kit: one prepared command for an NVIDIA machine that is lent for a few minutes and has the driver,
# NVRTC, Python 3 and PyTorch but no .NET and no network (docs/devices.md, "Running the GPU kit").
#
#   scripts/gpu-check.sh build [DIR]       here (needs the .NET SDK): framework-dependent publishes of the test
#                                          runner, perf and the CLI under DIR (default artifacts/gpu-kit), plus one
#                                          copy of the .NET runtime as dotnet-runtime.tar.xz; fails over 48 MiB.
#   scripts/gpu-check.sh run [--device cuda|cpu] [--out DIR] [--quick] [--kit DIR]
#                                          there: unpacks the runtime when no dotnet is installed, records the
#                                          machine, then runs (1) the conformance tests of the device, (2) perf
#                                          gemm, conv and train --counters with --peer torch, train --capture,
#                                          (3) kernelgen devices, (4) a one-rank data-parallel run under mpirun
#                                          (NCCL on CUDA when libnccl.so.2 is found; skipped without mpirun),
#                                          each under a time budget (about 9 minutes in all on a GPU). Writes at most
#                                          9 files to the out dir (default $OUT, else artifacts/gpu-out); summary.md
#                                          gathers the machine, each part's exit code and the tables. Exits 0 when
#                                          every part passed. --quick shrinks every part (CI runs it on the CPU).
#
# Device call:  build here, then run there with carry ["artifacts/gpu-kit"] and
#               `scripts/gpu-check.sh run --out $OUT`, timeout_s 540.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
limit_mib=48

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# ---------------------------------------------------------------------------------------------------- build
build() {
  set -e
  local kit="${1:-$root/artifacts/gpu-kit}"
  mkdir -p "$(dirname "$kit")"
  kit="$(cd "$(dirname "$kit")" && pwd)/$(basename "$kit")"
  local dotnet_root
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  # The runtime the apps target: the newest Microsoft.NETCore.App 10.x next to the SDK.
  local fx
  fx="$(ls -d "$dotnet_root"/shared/Microsoft.NETCore.App/10.* | sort -V | tail -1)"
  [ -d "$fx" ] || { echo "gpu-check: no Microsoft.NETCore.App 10.x under $dotnet_root/shared" >&2; return 1; }
  local fxr
  fxr="$(ls -d "$dotnet_root"/host/fxr/* | sort -V | tail -1)"

  local staging
  staging="$(mktemp -d)"
  trap 'rm -rf "$staging"' RETURN
  local pub=(-c Release --no-self-contained -p:DebugType=none -p:SatelliteResourceLanguages=en -p:GenerateDocumentationFile=false -v quiet -nologo)
  echo "gpu-check: publishing tests, perf and the CLI (framework-dependent, Release)"
  nice dotnet publish "$root/tests/KernelGen.Tests/KernelGen.Tests.csproj" "${pub[@]}" -o "$staging/tests"
  nice dotnet publish "$root/perf/KernelGen.Perf.csproj" "${pub[@]}" -o "$staging/perf"
  nice dotnet publish "$root/src/Cli/KernelGen.Cli.csproj" "${pub[@]}" -o "$staging/cli"
  # What only `dotnet test` uses: the code-coverage collector (its native instrumentation engines) and test host
  # that Microsoft.NET.Test.Sdk drops; satellite-language folders, symbols and XML docs.
  find "$staging" \( -name '*.pdb' -o -name '*.xml' \) -delete
  rm -rf "$staging"/tests/Microsoft.CodeCoverage* "$staging"/tests/CodeCoverage "$staging"/tests/InstrumentationEngine \
         "$staging"/tests/testhost* "$staging"/tests/Microsoft.TestPlatform.* "$staging"/tests/Microsoft.VisualStudio.* \
         "$staging"/tests/{alpine,macos,ubuntu,x64,x86,arm64}
  # ONNX Runtime's native libraries for the other platforms (the kit runs on linux-x64): about 200 MB.
  rm -rf "$staging"/tests/runtimes/{android,ios,linux-arm64,osx-arm64,win-arm64,win-x64}
  find "$staging" -mindepth 2 -maxdepth 2 -type d -regextype posix-extended -regex '.*/[a-z]{2}(-[A-Za-z]+)?' -exec rm -rf {} +

  # One copy of the runtime for all three: the host, hostfxr and Microsoft.NETCore.App.
  mkdir -p "$staging/runtime/shared/Microsoft.NETCore.App" "$staging/runtime/host/fxr"
  cp "$dotnet_root/dotnet" "$staging/runtime/"
  cp -r "$fxr" "$staging/runtime/host/fxr/"
  cp -r "$fx" "$staging/runtime/shared/Microsoft.NETCore.App/"

  rm -rf "$kit"
  mkdir -p "$kit"
  echo "gpu-check: compressing (xz -9)"
  tar -C "$staging" -cf - runtime | nice xz -9 -T2 > "$kit/dotnet-runtime.tar.xz"
  tar -C "$staging" -cf - tests perf cli | nice xz -9 -T2 > "$kit/apps.tar.xz"
  { echo "built $(date -u +%FT%TZ) from $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo '+changes')"
    echo "runtime Microsoft.NETCore.App $(basename "$fx"), hostfxr $(basename "$fxr")"; } > "$kit/VERSION"

  local size
  size=$(du -sb "$kit" | cut -f1)
  echo "gpu-check: kit $kit: $(awk "BEGIN{printf \"%.1f\", $size/1048576}") MiB ($size bytes; runtime $(du -b "$kit/dotnet-runtime.tar.xz" | cut -f1), apps $(du -b "$kit/apps.tar.xz" | cut -f1))"
  if (( size > limit_mib * 1048576 )); then
    echo "gpu-check: error: the kit is larger than $limit_mib MiB" >&2
    return 1
  fi
}

# ------------------------------------------------------------------------------------------------------ run
device=cuda; out="${OUT:-}"; quick=0; kit="$root/artifacts/gpu-kit"
declare -a part_names=() part_rcs=() part_secs=() part_logs=() part_notes=()

# part NAME LOG BUDGET_S CMD...: runs CMD under timeout, appends its output to LOG, records its exit code.
part() {
  local name="$1" log="$2" budget="$3"; shift 3
  local start=$SECONDS rc
  { echo "=== $name (budget ${budget}s): $*"; echo "=== started $(date -u +%T)"; } >> "$log"
  timeout -k 5 "$budget" "$@" >> "$log" 2>&1
  rc=$?
  (( rc == 124 || rc == 137 )) && echo "=== TIMED OUT after ${budget}s" >> "$log"
  echo "=== $name: exit code $rc after $((SECONDS - start))s" >> "$log"
  part_names+=("$name"); part_rcs+=("$rc"); part_secs+=("$((SECONDS - start))"); part_logs+=("$log"); part_notes+=("${note:-}")
  note=""
  echo "gpu-check: $name: exit code $rc after $((SECONDS - start))s"
  return 0
}

# unpack ARCHIVE DIR: tar with xz, or Python's lzma and tarfile where xz is not installed.
unpack() {
  if command -v xz >/dev/null; then tar -C "$2" -xJf "$1"
  else python3 -c 'import sys, tarfile; t = tarfile.open(sys.argv[1], "r:xz"); t.extractall(sys.argv[2], **({"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}))' "$1" "$2"; fi
}

# A perf suite's devices, from its --help ("gemm runs on: cpu, opencl, cuda").
suite_runs_on() { "$@" --help 2>/dev/null | sed -n 's/.* runs on: //p'; }

run() {
  while (($#)); do
    case "$1" in
      --device) device="$2"; shift 2 ;;
      --out) out="$2"; shift 2 ;;
      --quick) quick=1; shift ;;
      --kit) kit="$2"; shift 2 ;;
      -h|--help) usage; return 0 ;;
      *) echo "gpu-check: unknown option '$1'" >&2; usage >&2; return 2 ;;
    esac
  done
  case "$device" in cuda|cpu) ;; *) echo "gpu-check: --device must be cuda or cpu" >&2; return 2 ;; esac
  out="${out:-$root/artifacts/gpu-out}"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  [ -f "$kit/apps.tar.xz" ] || { echo "gpu-check: no kit at $kit (run scripts/gpu-check.sh build first)" >&2; return 2; }
  local t0=$SECONDS
  work="$(mktemp -d "${TMPDIR:-/tmp}/gpu-kit.XXXXXX")"   # global: the EXIT trap reads it
  trap 'rm -rf "$work"' EXIT

  local machine="$out/machine.txt" tests_log="$out/tests.log" perf_log="$out/perf.log" devices_log="$out/devices.log"
  local summary="$out/summary.md"
  : > "$machine"; : > "$tests_log"; : > "$perf_log"; : > "$devices_log"
  : > "$out/gemm.json"; : > "$out/conv.json"; : > "$out/train.json"

  # The runtime: the installed dotnet when it has Microsoft.NETCore.App 10, else (or with GPU_KIT_OWN_RUNTIME=1)
  # the kit's copy, unpacked to a temp dir.
  local runtime_note
  if [ -z "${GPU_KIT_OWN_RUNTIME:-}" ] && command -v dotnet >/dev/null && dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.NETCore.App 10\.'; then
    runtime_note="installed dotnet ($(command -v dotnet))"
  else
    unpack "$kit/dotnet-runtime.tar.xz" "$work"
    export DOTNET_ROOT="$work/runtime" PATH="$work/runtime:$PATH"
    runtime_note="the kit's runtime, unpacked to $DOTNET_ROOT"
  fi
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_gcServer=0
  unpack "$kit/apps.tar.xz" "$work"
  echo "gpu-check: runtime: $runtime_note; apps unpacked to $work ($((SECONDS - t0))s)"

  # Python with torch for the peers: /usr/bin/python3 (perf's default) or the first python3 on the PATH.
  local py="" torch_note
  for candidate in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c "import torch" >/dev/null 2>&1 && { py="$candidate"; break; }
  done
  if [ -n "$py" ]; then
    export KERNELGEN_PYTHON="$py"
    torch_note="$("$py" -c 'import torch,sys; print(f"python {sys.version.split()[0]} ({sys.executable}), torch {torch.__version__}, torch.cuda.is_available()={torch.cuda.is_available()}, CUDA {torch.version.cuda}")' 2>&1)"
  else
    torch_note="no python3 that imports torch ($(python3 -c 'import torch' 2>&1 | tail -1 || true))"
  fi
  local peer=(--peer torch) peer_note=""
  if [ -z "$py" ] && [ "$device" = cpu ]; then
    peer=(); peer_note="peer torch skipped: $torch_note"
  elif [ -z "$py" ]; then
    peer_note="peer torch attempted without torch: $torch_note"
  fi

  # ---- the machine
  {
    echo "# machine"; echo "date: $(date -u +%FT%TZ)"; echo "uname: $(uname -a)"
    echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores"
    echo "memory: $(free -g 2>/dev/null | awk '/^Mem:/{print $2 " GiB"}')"
    echo "runtime: $runtime_note, $(dotnet --list-runtimes 2>/dev/null | grep NETCore.App | tr '\n' ' ')"
    echo "kit: $(cat "$kit/VERSION" 2>/dev/null | tr '\n' ';')"
    echo "torch: $torch_note"
    if command -v nvidia-smi >/dev/null; then
      echo "nvidia-smi -L: $(nvidia-smi -L 2>&1 | tr '\n' ';')"
      echo "driver: $(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>&1 | head -1)"
    else echo "nvidia-smi: absent"; fi
    if command -v nvcc >/dev/null; then echo "nvcc: $(nvcc --version 2>&1 | tail -2 | tr '\n' ' ')"; else echo "nvcc: absent"; fi
    echo "libnvrtc: $( (ldconfig -p 2>/dev/null | grep -o 'libnvrtc\.so[.0-9]*' | sort -u | tr '\n' ' ') || true)$(ls /usr/local/cuda*/lib64/libnvrtc.so* /usr/local/cuda*/targets/*/lib/libnvrtc.so* 2>/dev/null | tr '\n' ' ')"
    echo "libcuda: $( (ldconfig -p 2>/dev/null | grep -o 'libcuda\.so[.0-9]*' | sort -u | tr '\n' ' ') || true)"
    if command -v nvidia-smi >/dev/null; then echo; echo "# nvidia-smi -q"; nvidia-smi -q 2>&1 | head -400; fi
  } > "$machine" 2>&1

  local tests=(dotnet "$work/tests/KernelGen.Tests.dll") perf=(dotnet "$work/perf/KernelGen.Perf.dll") cli=(dotnet "$work/cli/kernelgen.dll")

  # ---- (1) conformance: every per-backend fixture of the device (the plain one and ILGPU's)
  local filter="\\(\"(${device}|ilgpu:${device})\"\\)" tests_budget=190
  if ((quick)); then filter="KernelGen\\.Tests\\.(Runtime\\.|Kernels\\.(Shape|Activation)Conformance).*${filter}"; tests_budget=100; fi
  note="filter ${filter}"
  part tests "$tests_log" "$tests_budget" "${tests[@]}" --filter "$filter"
  # All skipped (no driver, no NVRTC) is not a pass: the last line must count at least one passed test.
  if (( part_rcs[0] == 0 )) && ! tail -3 "$tests_log" | grep -qE '^[1-9][0-9]* passed, '; then
    part_rcs[0]=3; part_notes[0]="${part_notes[0]}; exit code 3: no test passed (see the SKIP reasons in tests.log)"
    echo "gpu-check: tests: no test passed (all skipped?): counted as exit code 3" | tee -a "$tests_log"
  fi

  # ---- (2) perf
  local gemm_args=(--runs 5 --seconds 0.3) conv_args=(--runs 3 --seconds 0.2) train_args=(--no-startup) gb=75 cb=45 tb=110
  local captured_args=(--models vae,gan,conv-vae,dcgan --no-startup) kb=45
  if ((quick)); then
    gemm_args=(--shapes 128x128x128,256x256x256 --runs 2 --seconds 0.05)
    conv_args=(--shapes c8x1x28-16k3s1p1,t8x16x14-1k2s2p0 --runs 2 --seconds 0.05)
    train_args=(--models vae --batch 32 --no-startup); gb=45; cb=30; tb=60
    captured_args=("${train_args[@]}"); kb=30
  fi
  note="$peer_note"
  part "perf gemm" "$perf_log" "$gb" "${perf[@]}" gemm --device "$device" "${peer[@]}" "${gemm_args[@]}" --json "$out/gemm.json"
  local conv_device="$device"
  if ! suite_runs_on "${perf[@]}" conv | tr -d ' ' | tr ',' '\n' | grep -qx "$device"; then
    conv_device=cpu; note="the conv suite runs on: $(suite_runs_on "${perf[@]}" conv); measured on cpu. $peer_note"
  else note="$peer_note"; fi
  local conv_peer=("${peer[@]}")
  [ "$conv_device" != "$device" ] && [ -z "$py" ] && conv_peer=()
  part "perf conv" "$perf_log" "$cb" "${perf[@]}" conv --device "$conv_device" "${conv_peer[@]}" "${conv_args[@]}" --json "$out/conv.json"
  note="$peer_note"
  part "perf train" "$perf_log" "$tb" "${perf[@]}" train --device "$device" "${peer[@]}" --counters "${train_args[@]}" \
    --json "$out/train.json" --markdown "$work/train.md"
  # The same models with captured steps (CUDA Graphs on cuda; the CPU runs uncaptured and says so): its table goes
  # into summary.md beside the uncaptured one, its log into perf.log.
  part "perf train captured" "$perf_log" "$kb" "${perf[@]}" train --device "$device" --capture "${captured_args[@]}" \
    --json "$work/train-captured.json" --markdown "$work/train-captured.md"

  # ---- (3) devices
  part "kernelgen devices" "$devices_log" 30 env COLUMNS=160 "${cli[@]}" devices

  # ---- (4) data-parallel with one rank (docs/scaling.md): on CUDA through NCCL when libnccl.so.2 is found (its
  # all-reduce is then a copy on the stream), else MPI; needs Open MPI's mpirun on the machine.
  local dp_log="$out/data-parallel.log"
  : > "$dp_log"
  if command -v mpirun >/dev/null; then
    note="mpirun: $(mpirun --version 2>&1 | head -1)"
    part "data-parallel, 1 rank" "$dp_log" 60 mpirun --allow-run-as-root --oversubscribe -np 1 "${cli[@]}" train vae --data-parallel \
      --device "$device" --limit 2560 --epochs 1 --samples 0 --out "$work/data-parallel"
  else
    echo "skipped: no mpirun on this machine (Open MPI's openmpi-bin)" > "$dp_log"
    echo "gpu-check: data-parallel, 1 rank: skipped (no mpirun)"
  fi

  # ---- summary
  local failed=0 i
  {
    echo "# GPU kit: $device$( ((quick)) && echo ', quick')"
    echo
    echo "$(date -u +%FT%TZ), $((SECONDS - t0)) s in all. Files: $(cd "$out" && ls | tr '\n' ' ')"
    echo
    echo '```'; sed -n '1,/^# nvidia-smi -q/p' "$machine" | grep -v '^# nvidia-smi -q' | sed '/^$/d'; echo '```'
    echo
    echo "| part | exit code | seconds | result | note |"
    echo "| --- | ---: | ---: | --- | --- |"
    for i in "${!part_names[@]}"; do
      local rc="${part_rcs[$i]}" res=passed
      (( rc == 124 || rc == 137 )) && res="TIMED OUT"
      (( rc != 0 && rc != 124 && rc != 137 )) && res=FAILED
      (( rc != 0 )) && failed=$((failed + 1))
      echo "| ${part_names[$i]} | $rc | ${part_secs[$i]} | $res | ${part_notes[$i]//|/\\|} |"
    done
    echo
    echo "## Conformance tests"
    echo; echo '```'; grep -E '^  [a-z:]+ +[0-9]+ passed|^[0-9]+ passed, [0-9]+ failed' "$tests_log" || echo "(no summary line: see tests.log)"; echo '```'
    local fails
    fails=$(grep -c '^FAIL ' "$tests_log" || true)
    if (( fails > 0 )); then echo; echo "Failures ($fails, first 30):"; echo; echo '```'; grep '^FAIL ' "$tests_log" | head -30 | cut -c1-300; echo '```'; fi
    echo
    echo "## perf gemm and conv"
    echo; echo '```'
    # Each suite's table: from its column header to the blank line or the "wrote" line after it.
    awk '/^=== perf (gemm|conv)/{print; next} /^op +shape/{t=1} t&&(/^$/||/^wrote/||/^===/){t=0} t{print}' "$perf_log"
    echo '```'
    echo
    echo "## perf train"
    echo
    if [ -s "$work/train.md" ]; then sed 's/^#/##/' "$work/train.md"; else echo "(no markdown table: see perf.log)"; fi
    echo
    echo "## perf train, captured steps (--capture)"
    echo
    if [ -s "$work/train-captured.md" ]; then sed 's/^#/##/' "$work/train-captured.md"; else echo "(no markdown table: see perf.log)"; fi
    grep -E '^ +(captured steps|capture asked for)' "$perf_log" | sed 's/^ */- /' || true
    echo
    echo "## kernelgen devices"
    echo; echo '```'; grep -v '^===' "$devices_log" | head -60; echo '```'
    echo
    echo "## data-parallel, 1 rank"
    echo; echo '```'; grep -E '^(Data-parallel|Gradient all-reduce|kernelgen:|skipped)' "$dp_log" | cut -c1-300 || echo "(see data-parallel.log)"; echo '```'
    for i in "${!part_names[@]}"; do
      if (( part_rcs[i] != 0 )); then
        echo; echo "## ${part_names[$i]}: exit code ${part_rcs[$i]}, the end of its log"; echo; echo '```'
        awk -v n="=== ${part_names[$i]} (" -v e="=== ${part_names[$i]}: exit code" \
          'index($0, n) == 1 {p=1} p {print} p && index($0, e) == 1 {exit}' "${part_logs[$i]}" | tail -40 | cut -c1-400; echo '```'
      fi
    done
  } > "$summary"

  # The device tool brings back plain files up to 16 MiB: keep the head and the tail of anything larger.
  local f
  for f in "$out"/*; do
    if [ "$(stat -c %s "$f")" -gt $((15 * 1048576)) ]; then
      { head -c $((7 * 1048576)) "$f"; printf '\n... (cut to fit 16 MiB) ...\n'; tail -c $((7 * 1048576)) "$f"; } > "$work/cut" && mv "$work/cut" "$f"
    fi
  done
  echo "gpu-check: $((${#part_names[@]} - failed)) of ${#part_names[@]} parts passed in $((SECONDS - t0))s; $out/summary.md"
  (( failed == 0 ))
}

case "${1:-}" in
  build) shift; build "$@" ;;
  run) shift; run "$@" ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
