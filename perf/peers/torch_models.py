"""The training benchmark's PyTorch peers: KernelGen's models at their default options, as the twins of
scripts/interchange/torch_twins.py build them (one source for both), with the same optimizer.
Each factory returns a zero-argument function that runs one training step on a fixed batch and returns the loss."""
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

# torch_twins.py is copied beside this file into the perf output; in the repository it is in scripts/interchange.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [_HERE, os.path.join(_HERE, "..", "..", "scripts", "interchange")]
import torch_twins  # noqa: E402


def _batch(n, device, pixels=784):
    x = torch.rand(n, pixels, device=device).round()  # binary-ish images in [0, 1], like MNIST
    y = torch.randint(0, 10, (n,), device=device)
    return x, y


def vae(n, device, compile_model=False):
    model = torch_twins.Vae({"Hidden": 400, "Latent": 20}, 784).train().to(device)
    fwd = torch.compile(model) if compile_model else model
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, _ = _batch(n, device)

    def step():
        opt.zero_grad()
        logits, mu, logvar = fwd(x)
        loss = (F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
                - 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())) / n
        loss.backward()
        opt.step()
        return loss.detach()

    return step


def _gan_step(G, D, n, latent, device, x, lr, betas, compile_model):
    """The usual PyTorch loop: one generator forward per iteration, D on real and detached fake, then G through D."""
    gf = torch.compile(G) if compile_model else G
    df = torch.compile(D) if compile_model else D
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=betas)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=betas)
    ones, zeros = torch.ones(n, 1, device=device), torch.zeros(n, 1, device=device)
    x = x * 2 - 1

    def step():
        fake = gf(torch.randn(n, latent, device=device))
        opt_d.zero_grad()
        d_loss = F.binary_cross_entropy_with_logits(df(x), ones) + F.binary_cross_entropy_with_logits(df(fake.detach()), zeros)
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        g_loss = F.binary_cross_entropy_with_logits(df(fake), ones)   # non-saturating
        g_loss.backward()
        opt_g.step()
        return d_loss.detach()

    return step


def gan(n, device, compile_model=False):
    # MlpNetworks: two hidden layers of 256 with LeakyReLU 0.2; tanh output; latent 100; Adam 2e-4, betas (0.5, 0.999).
    twin = torch_twins.MlpGan({"Hidden": 256, "Latent": 100, "Pack": 1}, 784).train().to(device)
    x, _ = _batch(n, device)
    return _gan_step(twin.generator, twin.discriminator, n, 100, device, x, 2e-4, (0.5, 0.999), compile_model)


def dcgan(n, device, compile_model=False):
    # DcGan.cs, F = 64: z(100) → Linear 128·7·7 → BN → ReLU → convT 64 (k4 s2 p1) → BN → ReLU → convT 1 → tanh;
    # D: conv 64 (k4 s2 p1) → LeakyReLU 0.2 → conv 128 → BN → LeakyReLU 0.2 → Linear 1.
    twin = torch_twins.DcGan({"Features": 64, "Latent": 100, "Pack": 1}, 28, 28).train().to(device)
    g, D = twin.generator, twin.discriminator
    for m in list(g.modules()) + list(D.modules()):
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
    x, _ = _batch(n, device)
    return _gan_step(g, D, n, 100, device, x.view(n, 1, 28, 28), 2e-4, (0.5, 0.999), compile_model)


def _ae_step(model, n, device, x, compile_model, lr=1e-3):
    fwd = torch.compile(model) if compile_model else model
    opt = torch.optim.Adam(model.parameters(), lr=lr)

    def step():
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(fwd(x), x, reduction="sum") / n
        loss.backward()
        opt.step()
        return loss.detach()

    return step


def ae(n, device, compile_model=False):
    # Autoencoder defaults: 784 → 64 (sigmoid) → 784 logits, cross-entropy summed per image, Adam 1e-3.
    model = torch_twins.Autoencoder({"Hidden": [64], "Activation": torch_twins.SIGMOID, "TiedWeights": False}, 784).train().to(device)
    x, _ = _batch(n, device)
    return _ae_step(model, n, device, x, compile_model)


def conv_ae(n, device, compile_model=False):
    # ConvAutoencoder defaults: [conv3×3 → ReLU → max-pool 2] for 16 and 32 channels (28 → 7), Linear 1568 → 32;
    # decoder Linear 32 → 1568 → ReLU → convT 32→16 (k4 s2 p1) → ReLU → convT 16→1 → logits; cross-entropy, Adam 1e-3.
    x, _ = _batch(n, device)
    model = torch_twins.ConvAutoencoder({"Channels": [16, 32], "Latent": 32, "Decoder": torch_twins.TRANSPOSED_CONV}, 28, 28)
    return _ae_step(model.train().to(device), n, device, x, compile_model)


MODELS = {"vae": vae, "gan": gan, "dcgan": dcgan, "ae": ae, "conv-ae": conv_ae}
