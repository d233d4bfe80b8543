"""The safetensors format with the standard library and torch alone (Debian ships no python3-safetensors): an 8-byte
little-endian header length, a UTF-8 JSON header {name: {dtype, shape, data_offsets}} with an optional
"__metadata__" map of strings, then the raw little-endian data of each tensor."""
import json
import struct

import torch

DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}
NAMES = {dtype: name for name, dtype in DTYPES.items()}


def read(path):
    """(tensors by name, metadata) of the file; a defect is a ValueError naming the file and the offset."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: {len(data)} bytes, fewer than the 8-byte header length at offset 0 (truncated)")
    length, = struct.unpack("<Q", data[:8])
    if 8 + length > len(data):
        raise ValueError(f"{path}: the header length {length} at offset 0 runs past the end of the {len(data)}-byte file (truncated)")
    header = json.loads(data[8:8 + length].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        if start + end > len(data):
            raise ValueError(f"{path}: tensor '{name}' ends at offset {start + end}, past the end of the {len(data)}-byte file (truncated)")
        if entry["dtype"] not in DTYPES:
            raise ValueError(f"{path}: tensor '{name}' has dtype {entry['dtype']}; expected one of {', '.join(DTYPES)}")
        dtype = DTYPES[entry["dtype"]]
        raw = bytearray(data[start + begin:start + end])
        flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors, metadata


def write(path, tensors, metadata=None):
    """Writes tensors (contiguous, little-endian, in the given order) and string metadata."""
    header = {"__metadata__": dict(metadata)} if metadata else {}
    blobs, offset = [], 0
    for name, tensor in tensors.items():
        t = tensor.detach().cpu().contiguous()
        blob = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # 8-byte aligned data, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
