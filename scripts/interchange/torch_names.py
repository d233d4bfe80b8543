"""KernelGen's tensor names and a twin's state_dict names, through the per-model map of torch_names.json."""
import json
import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_names.json"), encoding="utf-8") as _f:
    LAYERS = json.load(_f)["models"]

BOOKKEEPING = "num_batches_tracked"  # a BatchNorm counter of PyTorch's that KernelGen does not keep


def _split(name):
    layer, _, suffix = name.rpartition(".")
    return layer, suffix


def to_twin(model, name):
    """The twin's name of KernelGen tensor `name` (e.g. gen.fc1.weight → generator.0.weight for a GAN)."""
    layer, suffix = _split(name)
    return f"{LAYERS[model].get(layer, layer)}.{suffix}"


def to_kernelgen(model, name):
    """KernelGen's name of the twin's tensor `name`."""
    layer, suffix = _split(name)
    back = {twin: ours for ours, twin in LAYERS[model].items()}
    return f"{back.get(layer, layer)}.{suffix}"
