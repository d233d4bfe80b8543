#!/usr/bin/python3
"""Writes a PyTorch state_dict (a file of torch.save) as safetensors for 'kernelgen import --from torch-safetensors'.
Every tensor is kept as it is: KernelGen takes F32, and ignores BatchNorm's I64 num_batches_tracked, which it does
not keep.

Run with Debian's python3-torch:
  /usr/bin/python3 scripts/torch_to_safetensors.py STATE_DICT.pt --out FILE.safetensors
"""
import argparse
import os
import pickle
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "interchange"))
import safetensors_file  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("state_dict", help="a file written by torch.save(model.state_dict(), ...)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    try:
        state = torch.load(args.state_dict, map_location="cpu")
    except (RuntimeError, pickle.UnpicklingError, EOFError) as e:
        sys.exit(f"torch_to_safetensors: {args.state_dict} is not a file written by torch.save ({e})")
    if not isinstance(state, dict) or not all(torch.is_tensor(t) for t in state.values()):
        sys.exit(f"torch_to_safetensors: {args.state_dict} does not hold a state_dict (a dict of tensors)")
    safetensors_file.write(args.out, state)
    print(f"{len(state)} tensors → {args.out}")


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError) as e:  # KeyError: a dtype safetensors has no name for
        sys.exit(f"torch_to_safetensors: {e}")
