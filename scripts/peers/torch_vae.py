#!/usr/bin/python3
"""PyTorch peer of KernelGen's VAE measurement: the VAE of PyTorch's example (784-400-20), trained with the same
data, batch size, optimizer and epochs, reporting the test loss per image (BCE summed over pixels + KL).

Run with Debian's python3-torch:  /usr/bin/python3 scripts/peers/torch_vae.py --train-images F --train-labels F
    --test-images F --test-labels F [--epochs 10] [--batch 128] [--lr 1e-3] [--seed 1] [--threads 2] [--json OUT]
IDX files may be gzip-compressed (as data/mnist/*.gz and Debian's Fashion-MNIST are).
"""
import argparse
import gzip
import json
import struct
import time

import torch
import torch.nn.functional as F
from torch import nn


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return torch.frombuffer(bytearray(data[4 + 4 * len(dims):]), dtype=torch.uint8).reshape(dims)


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.fc4(F.relu(self.fc3(z))), mu, logvar


def loss_sum(logits, x, mu, logvar):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def main():
    ap = argparse.ArgumentParser()
    for name in ("train-images", "train-labels", "test-images", "test-labels"):
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train = read_idx(args.train_images).reshape(-1, 784).float() / 255
    test = read_idx(args.test_images).reshape(-1, 784).float() / 255
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    start = time.perf_counter()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(train))
        total = 0.0
        batches = len(train) // args.batch   # whole batches only, as KernelGen's trainer
        for b in range(batches):
            x = train[order[b * args.batch:(b + 1) * args.batch]]
            opt.zero_grad()
            logits, mu, logvar = model(x)
            loss = loss_sum(logits, x, mu, logvar) / len(x)
            loss.backward()
            opt.step()
            total += loss.item()
        model.eval()
        with torch.no_grad():
            test_total = 0.0
            for i in range(0, len(test), 500):
                x = test[i:i + 500]
                logits, mu, logvar = model(x)          # z is sampled, as in PyTorch's example and in KernelGen
                test_total += loss_sum(logits, x, mu, logvar).item()
        print(f"torch epoch {epoch + 1}: train {total / batches:.2f}  test {test_total / len(test):.2f}", flush=True)
    result = {"test_loss": test_total / len(test), "train_loss": total / batches, "seconds": time.perf_counter() - start,
              "torch": torch.__version__, "threads": torch.get_num_threads()}
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
