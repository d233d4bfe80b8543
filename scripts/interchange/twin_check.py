#!/usr/bin/python3
"""Runs PyTorch twins on fixed inputs, for the round-trip tests (tests/KernelGen.Tests/Interchange) and to check an
export by hand. Inputs and outputs are safetensors files: x (N, pixels), z (N, latent), y (N, labels as floats);
outputs are named after KernelGen's calls (encode, decode, generate, logits).

  twin_check.py --inputs IN --checkpoint CKPT --work DIR --outputs OUT
      exports CKPT with scripts/export_torch.py into DIR/exported.pt, loads it into a fresh twin, writes its outputs.
  twin_check.py --inputs IN --model NAME --options JSON --image RxCxK --seed S --work DIR --state SD --outputs OUT
      initializes a twin at random (BatchNorm statistics too), saves its state_dict with torch.save and converts it
      with scripts/torch_to_safetensors.py into SD, and writes its outputs.
"""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import export_torch  # noqa: E402
import safetensors_file  # noqa: E402
import torch_to_safetensors  # noqa: E402
import torch_twins  # noqa: E402


def randomized(twin, seed):
    """The twin with PyTorch's default initialization under `seed` and BatchNorm statistics away from 0 and 1."""
    torch.manual_seed(seed)
    for module in twin.modules():
        if hasattr(module, "reset_parameters") and module is not twin:
            module.reset_parameters()
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 1.5)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.5, 0.5)
    return twin


def main():
    ap = argparse.ArgumentParser()
    for name in ("inputs", "outputs", "work", "checkpoint", "model", "options", "image", "state"):
        ap.add_argument("--" + name)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(1)
    inputs, _ = safetensors_file.read(args.inputs)
    x, z, y = inputs["x"], inputs["z"], inputs["y"].long()
    if args.checkpoint:
        exported = os.path.join(args.work, "exported.pt")
        export_torch.main([args.checkpoint, "--out", exported])
        model, twin, _ = export_torch.twin_of(args.checkpoint)
        twin.load_state_dict(torch.load(exported), strict=True)
    else:
        rows, cols, classes = (int(v) for v in args.image.split("x"))
        twin = randomized(torch_twins.build(args.model, json.loads(args.options), rows, cols, classes), args.seed)
        saved = os.path.join(args.work, "twin.pt")
        torch.save(twin.state_dict(), saved)
        torch_to_safetensors.main([saved, "--out", args.state])
    with torch.no_grad():
        outputs = twin.outputs(x, z, y)
    safetensors_file.write(args.outputs, {k: v.float() for k, v in outputs.items()})


if __name__ == "__main__":
    main()
