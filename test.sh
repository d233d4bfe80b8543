#!/usr/bin/env bash
# Runs every test of KernelGen. First installs what the tests need when it is missing and installing is
# permitted (root, or passwordless sudo): the OpenCL ICD loader and PoCL, so the OpenCL tests really run on
# the CPU; Debian's Pillow (python3-pil), the real PNG decoder the image tests check our PNGs with; and
# Fashion-MNIST (dataset-fashion-mnist), one of the two datasets the models train on; tmux, the real terminal
# the live-display tests run kernelgen in; and clang-15, which compiles every generated CUDA kernel to PTX
# without a CUDA SDK or a GPU; and ocl-icd-opencl-dev, whose libOpenCL.so is the name ILGPU loads (the runtime
# package ships only libOpenCL.so.1), so ILGPU's OpenCL devices are listed (docs/ilgpu.md); and Debian's PyTorch
# (python3-torch, with libopenblas0-pthread so that it does not fall back to the reference BLAS), which the weight
# round trips through the PyTorch twins run (docs/interchange.md) and the perf peers measure against; and Open MPI
# (openmpi-bin), under whose mpirun the data-parallel tests train with several ranks (docs/scaling.md).
# Tests of an absent backend (CUDA without an NVIDIA GPU) are reported as skipped with the reason.
# Then builds the GPU kit and runs it on the CPU (scripts/gpu-check.sh run --device cpu --quick).
# Usage: ./test.sh [--filter REGEX]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

packages=(ocl-icd-libopencl1 ocl-icd-opencl-dev pocl-opencl-icd python3-pil dataset-fashion-mnist tmux clang-15 python3-torch libopenblas0-pthread openmpi-bin)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  if [ "${sudo[*]-}" != none ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null \
      || echo "test.sh: warning: could not install ${missing[*]}; their tests will be skipped with the reason"
  else
    echo "test.sh: ${missing[*]} missing and cannot be installed here (not root, no sudo); their tests will be skipped with the reason"
  fi
fi

dotnet build KernelGen.sln -c Release -v quiet -nologo
dotnet run -c Release --no-build --project tests/KernelGen.Tests -- "$@"

# The GPU kit (docs/devices.md): built, and its quick run on the CPU must pass and write the same files it
# writes on a GPU. Skipped when only some tests were asked for (--filter).
if (($# == 0)); then
  scripts/gpu-check.sh build
  kit_out="$(mktemp -d)"
  scripts/gpu-check.sh run --device cpu --quick --out "$kit_out" || { cat "$kit_out/summary.md"; exit 1; }
  ls -l "$kit_out"
  rm -rf "$kit_out"
fi
