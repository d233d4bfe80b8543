"""PyTorch twins of KernelGen's models for the training benchmark, layer for layer, with the same optimizer.
Each factory returns a zero-argument function that runs one training step on a fixed batch and returns the loss."""
import torch
import torch.nn.functional as F
from torch import nn


def _batch(n, device, pixels=784):
    x = torch.rand(n, pixels, device=device).round()  # binary-ish images in [0, 1], like MNIST
    y = torch.randint(0, 10, (n,), device=device)
    return x, y


def vae(n, device, compile_model=False):
    class VAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
            self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

        def forward(self, x):
            h = F.relu(self.fc1(x))
            mu, logvar = self.fc21(h), self.fc22(h)
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
            return self.fc4(F.relu(self.fc3(z))), mu, logvar

    model = VAE().to(device)
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


MODELS = {"vae": vae}
