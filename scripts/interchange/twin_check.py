#!/usr/bin/python3
"""Runs PyTorch twins on fixed inputs, for the round-trip tests (tests/KernelGen.Tests/Interchange) and to check an
export by hand. Inputs and outputs are safetensors files: x (N, pixels), z (N, latent), y (N, labels as floats);
outputs are named after KernelGen's calls (encode, decode, generate, logits). One run does either or both of:

  --checkpoint CKPT --outputs OUT
      exports CKPT with scripts/export_torch.py into WORK/exported.pt, loads that into a fresh twin, writes its outputs.
  --state SD --random-outputs OUT  (with --checkpoint, or with --model NAME --options JSON --image RxCxK)
      initializes the twin at random under --seed (BatchNorm statistics too), saves its state_dict with torch.save,
      converts it with scripts/torch_to_safetensors.py into SD, and writes its outputs.
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
    for name in ("inputs", "work", "checkpoint", "outputs", "model", "options", "image", "state", "random-outputs"):
        ap.add_argument("--" + name)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(1)
    inputs, _ = safetensors_file.read(args.inputs)
    if args.checkpoint:
        exported = os.path.join(args.work, "exported.pt")
        export_torch.main([args.checkpoint, "--out", exported])
        _, meta = safetensors_file.read(args.checkpoint)
        model, options, image = meta["model"], meta["options"], meta["image"]
        fresh = torch_twins.build(model, json.loads(options), *(int(v) for v in image.split("x")))
        fresh.load_state_dict(torch.load(exported), strict=True)
        write_outputs(fresh, inputs, args.outputs)
    else:
        model, options, image = args.model, args.options, args.image
    if args.state:
        twin = randomized(torch_twins.build(model, json.loads(options), *(int(v) for v in image.split("x"))), args.seed)
        saved = os.path.join(args.work, "twin.pt")
        torch.save(twin.state_dict(), saved)
        torch_to_safetensors.main([saved, "--out", args.state])
        write_outputs(twin, inputs, args.random_outputs)


def write_outputs(twin, inputs, path):
    with torch.no_grad():
        outputs = twin.outputs(inputs["x"], inputs["z"], inputs["y"].long())
    safetensors_file.write(path, {k: v.float().contiguous() for k, v in outputs.items()})


if __name__ == "__main__":
    main()
