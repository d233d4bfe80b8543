#!/usr/bin/python3
"""Turns a KernelGen checkpoint into its PyTorch twin's state_dict (scripts/interchange/torch_twins.py), checked by
loading it into the twin with strict=True. BatchNorm layers get num_batches_tracked = 0 (KernelGen keeps no such
counter); optimizer state stays behind. A GAN trained with --generator-average samples from the average of its
generator's weights: that average is what its generator gets (--weights current takes the last step's instead).

Run with Debian's python3-torch:
  /usr/bin/python3 scripts/export_torch.py CHECKPOINT --out MODEL.pt
Then in PyTorch: twin = torch_twins.build(model, options, rows, cols, classes); twin.load_state_dict(torch.load("MODEL.pt")).
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "interchange"))
import safetensors_file  # noqa: E402
import torch_names  # noqa: E402
import torch_twins  # noqa: E402

PARAM = "param:"
# GanModel's generator group: every gen.* parameter but BatchNorm statistics (a group of their own), laid out in the
# checkpoint's order, which is the parameter store's; the optimizer keeps their average in one flat arena.
GENERATOR_AVERAGE, GENERATOR_PREFIX, STATISTICS = "state:generator:average", PARAM + "gen.", (".running_mean", ".running_var")


def averaged(tensors):
    """The parameters with the generator's weights replaced by their average, when the checkpoint keeps one."""
    average = tensors.get(GENERATOR_AVERAGE)
    if average is None:
        return tensors
    result, offset = dict(tensors), 0
    for name, t in tensors.items():
        if name.startswith(GENERATOR_PREFIX) and not name.endswith(STATISTICS):
            result[name] = average[offset:offset + t.numel()].view_as(t).clone()
            offset += t.numel()
    if offset != average.numel():
        raise ValueError(f"{GENERATOR_AVERAGE} has {average.numel()} values but the generator's parameters {offset}")
    return result


def twin_of(path, weights="average"):
    """The checkpoint's model name, its twin (eval mode) and the twin's state_dict from the checkpoint's parameters
    (the generator's average of them with weights="average", where the checkpoint keeps one)."""
    tensors, metadata = safetensors_file.read(path)
    if weights == "average":
        tensors = averaged(tensors)
    if "model" not in metadata or "options" not in metadata or "image" not in metadata:
        raise ValueError(f"{path} was not written by a KernelGen model (no 'model', 'options' and 'image' metadata)")
    model = metadata["model"]
    rows, cols, classes = (int(v) for v in metadata["image"].split("x"))
    twin = torch_twins.build(model, json.loads(metadata["options"]), rows, cols, classes)
    state = {torch_names.to_twin(model, name[len(PARAM):]): t for name, t in tensors.items() if name.startswith(PARAM)}
    for name, value in twin.state_dict().items():
        if name.endswith("." + torch_names.BOOKKEEPING):
            state[name] = torch.zeros_like(value)
    twin.load_state_dict(state, strict=True)  # names and shapes must agree both ways
    return model, twin, {name: state[name] for name in twin.state_dict()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("--out", required=True, help="the state_dict, written with torch.save")
    ap.add_argument("--weights", choices=("average", "current"), default="average",
                    help="for a GAN with a generator average: the average (what 'kernelgen sample' uses) or the last step's weights")
    args = ap.parse_args(argv)
    model, _, state = twin_of(args.checkpoint, args.weights)
    torch.save(state, args.out)
    print(f"{model}: {len(state)} tensors → {args.out}")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError, RuntimeError) as e:  # RuntimeError: load_state_dict's names and shapes
        sys.exit(f"export_torch: {e}")
