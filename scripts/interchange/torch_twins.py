"""PyTorch twins of every KernelGen model: the same layers, shapes and order, built from a checkpoint's model name,
options (its "options" metadata, KernelGen's property names) and image format. A twin's state_dict holds the
checkpoint's tensors under the names of torch_names.json; outputs(inputs) computes what KernelGen's inference
calls return (Encode, Decode, the GAN generator's images in [0, 1], PixelCNN and classifier logits), in eval mode."""
import torch
import torch.nn.functional as F
from torch import nn

SIGMOID, LINEAR, RELU = 0, 1, 2           # HiddenActivation
TRANSPOSED_CONV, UPSAMPLE_CONV = 0, 1     # ConvDecoder


def _layers(**modules):
    """A module whose children are the given layers: KernelGen's dotted names (enc.conv1) as nested modules."""
    holder = nn.Module()
    for name, module in modules.items():
        holder.add_module(name, module)
    return holder


class TiedLinear(nn.Module):
    """y = x·W + b with W an encoder layer's (hidden, in) weight: a tied decoder layer owns only its bias."""

    def __init__(self, features):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(features))

    def forward(self, x, weight):
        return x @ weight + self.bias


class Autoencoder(nn.Module):
    """ae, stacked-ae, sparse-ae, denoising-ae, contractive-ae: enc{i} down to the code, dec{i} back up (noise and
    penalties act in training only)."""

    def __init__(self, o, pixels):
        super().__init__()
        self.hidden, self.activation, self.tied = o["Hidden"], o["Activation"], o["TiedWeights"]
        widths = [pixels] + self.hidden
        for i in range(len(self.hidden)):
            self.add_module(f"enc{i}", nn.Linear(widths[i], widths[i + 1]))
        for i in reversed(range(len(self.hidden))):
            self.add_module(f"dec{i}", TiedLinear(widths[i]) if self.tied else nn.Linear(widths[i + 1], widths[i]))

    def _act(self, h):
        return torch.sigmoid(h) if self.activation == SIGMOID else F.relu(h) if self.activation == RELU else h

    def encode(self, x):
        for i in range(len(self.hidden)):
            x = self._act(getattr(self, f"enc{i}")(x))
        return x

    def decoder_logits(self, z):
        h = z
        for i in reversed(range(len(self.hidden))):
            layer = getattr(self, f"dec{i}")
            h = layer(h, getattr(self, f"enc{i}").weight) if self.tied else layer(h)
            if i > 0:
                h = self._act(h)
        return h

    def forward(self, x):
        """The decoder's last layer before its sigmoid, what the cross-entropy loss takes."""
        return self.decoder_logits(self.encode(x))

    def decode(self, z):
        h = self.decoder_logits(z)
        return h.clamp(0, 1) if self.activation == LINEAR else torch.sigmoid(h)

    def outputs(self, x, z, y):
        return {"encode": self.encode(x), "decode": self.decode(z)}


class ConvAutoencoder(nn.Module):
    """conv-ae: [conv3×3 → ReLU → max-pool 2] per stage, enc_fc to the code; dec_fc, then transposed convolutions
    (or nearest upsampling and a 3×3 convolution) back to one channel of logits."""

    def __init__(self, o, rows, cols):
        super().__init__()
        self.channels, self.rows, self.cols = o["Channels"], rows, cols
        stages = len(self.channels)
        self.small = (rows >> stages, cols >> stages)
        cells = self.channels[-1] * self.small[0] * self.small[1]
        for i, c in enumerate(self.channels):
            self.add_module(f"enc_conv{i}", nn.Conv2d(1 if i == 0 else self.channels[i - 1], c, 3, padding=1))
        self.enc_fc = nn.Linear(cells, o["Latent"])
        self.dec_fc = nn.Linear(o["Latent"], cells)
        self.upsample = o["Decoder"] == UPSAMPLE_CONV
        for i in reversed(range(stages)):
            out = 1 if i == 0 else self.channels[i - 1]
            conv = nn.Conv2d(self.channels[i], out, 3, padding=1) if self.upsample else nn.ConvTranspose2d(self.channels[i], out, 4, 2, 1)
            self.add_module(f"dec_conv{i}", conv)

    def encode(self, x):
        h = x.view(-1, 1, self.rows, self.cols)
        for i in range(len(self.channels)):
            h = F.max_pool2d(F.relu(getattr(self, f"enc_conv{i}")(h)), 2)
        return self.enc_fc(h.flatten(1))

    def decoder_logits(self, z):
        h = F.relu(self.dec_fc(z)).view(-1, self.channels[-1], *self.small)
        for i in reversed(range(len(self.channels))):
            h = getattr(self, f"dec_conv{i}")(F.interpolate(h, scale_factor=2, mode="nearest") if self.upsample else h)
            if i > 0:
                h = F.relu(h)
        return h.flatten(1)

    def forward(self, x):
        """The logits of the reconstruction, what the cross-entropy loss takes."""
        return self.decoder_logits(self.encode(x))

    def decode(self, z):
        return torch.sigmoid(self.decoder_logits(z))

    def outputs(self, x, z, y):
        return {"encode": self.encode(x), "decode": self.decode(z)}


class Vae(nn.Module):
    """vae (PyTorch's example, names included) and cvae (one-hot label concatenated to the image, the latent and the decoder's hidden layer)."""

    def __init__(self, o, pixels, classes=0):
        super().__init__()
        self.classes = classes
        self.fc1, self.fc21, self.fc22 = nn.Linear(pixels + classes, o["Hidden"]), nn.Linear(o["Hidden"], o["Latent"]), nn.Linear(o["Hidden"], o["Latent"])
        self.fc3, self.fc4 = nn.Linear(o["Latent"] + classes, o["Hidden"]), nn.Linear(o["Hidden"] + classes, pixels)

    def _with(self, v, y):
        return torch.cat([v, F.one_hot(y, self.classes).float()], 1) if self.classes else v

    def encode(self, x, y=None):
        return self.fc21(F.relu(self.fc1(self._with(x, y))))

    def decoder_logits(self, z, y=None):
        return self.fc4(self._with(F.relu(self.fc3(self._with(z, y))), y))

    def forward(self, x, y=None):
        """Training's forward pass, as in PyTorch's example: the logits of a reconstruction from a sampled z, μ, log σ²."""
        h = F.relu(self.fc1(self._with(x, y)))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decoder_logits(z, y), mu, logvar

    def decode(self, z, y=None):
        return torch.sigmoid(self.decoder_logits(z, y))

    def outputs(self, x, z, y):
        return {"encode": self.encode(x, y), "decode": self.decode(z, y)}


class ConvVae(nn.Module):
    """conv-vae: enc.conv1/conv2 (k4 s2 p1) → enc.mu, enc.logvar; dec.fc → dec.deconv1/deconv2 → sigmoid."""

    def __init__(self, o, rows, cols):
        super().__init__()
        c, latent = o["Channels"], o["Latent"]
        self.small = (2 * c, rows // 4, cols // 4)
        cells = 2 * c * (rows // 4) * (cols // 4)
        self.rows, self.cols = rows, cols
        self.enc = _layers(conv1=nn.Conv2d(1, c, 4, 2, 1), conv2=nn.Conv2d(c, 2 * c, 4, 2, 1), mu=nn.Linear(cells, latent), logvar=nn.Linear(cells, latent))
        self.dec = _layers(fc=nn.Linear(latent, cells), deconv1=nn.ConvTranspose2d(2 * c, c, 4, 2, 1), deconv2=nn.ConvTranspose2d(c, 1, 4, 2, 1))

    def encode(self, x):
        h = F.relu(self.enc.conv2(F.relu(self.enc.conv1(x.view(-1, 1, self.rows, self.cols)))))
        return self.enc.mu(h.flatten(1))

    def decode(self, z):
        h = F.relu(self.dec.fc(z)).view(-1, *self.small)
        return torch.sigmoid(self.dec.deconv2(F.relu(self.dec.deconv1(h))).flatten(1))

    def outputs(self, x, z, y):
        return {"encode": self.encode(x), "decode": self.decode(z)}


def _images(tanh):
    """The generator's tanh output as KernelGen's images: (t + 1) / 2 in [0, 1]."""
    return ((tanh.flatten(1) + 1) * 0.5).clamp(0, 1)


class MlpGan(nn.Module):
    """gan, cgan, wgan: the players of perf/peers/torch_models.py (two hidden layers, LeakyReLU 0.2, tanh output), the
    generator's optional BatchNorm inside the activation slot so the Linear layers keep their indices. The
    discriminator takes Pack images (and labels) side by side."""

    def __init__(self, o, pixels, classes=0, batch_norm=False):
        super().__init__()
        h, pack, self.classes = o["Hidden"], o["Pack"], classes

        def act(width):
            return nn.Sequential(nn.BatchNorm1d(width), nn.LeakyReLU(0.2)) if batch_norm else nn.LeakyReLU(0.2)

        self.generator = nn.Sequential(nn.Linear(o["Latent"] + classes, h), act(h), nn.Linear(h, h), act(h), nn.Linear(h, pixels), nn.Tanh())
        self.discriminator = nn.Sequential(nn.Linear((pixels + classes) * pack, h), nn.LeakyReLU(0.2), nn.Linear(h, h), nn.LeakyReLU(0.2), nn.Linear(h, 1))

    def outputs(self, x, z, y):
        inputs = torch.cat([z, F.one_hot(y, self.classes).float()], 1) if self.classes else z
        return {"generate": _images(self.generator(inputs))}


class DcGenerator(nn.Module):
    def __init__(self, f, latent, rows, cols):
        super().__init__()
        self.small = (2 * f, rows // 4, cols // 4)
        self.fc, self.bn0 = nn.Linear(latent, 2 * f * (rows // 4) * (cols // 4)), nn.BatchNorm2d(2 * f)
        self.up = nn.Sequential(nn.ConvTranspose2d(2 * f, f, 4, 2, 1), nn.BatchNorm2d(f), nn.ReLU(), nn.ConvTranspose2d(f, 1, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        return self.up(F.relu(self.bn0(self.fc(z).view(-1, *self.small))))


class DcGan(nn.Module):
    """dcgan: perf/peers/torch_models.py's generator and discriminator, with F feature maps and Pack images per judgement."""

    def __init__(self, o, rows, cols):
        super().__init__()
        f, pack = o["Features"], o["Pack"]
        self.generator = DcGenerator(f, o["Latent"], rows, cols)
        self.discriminator = nn.Sequential(nn.Conv2d(pack, f, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(f, 2 * f, 4, 2, 1), nn.BatchNorm2d(2 * f),
                                           nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(2 * f * (rows // 4) * (cols // 4), 1))

    def outputs(self, x, z, y):
        return {"generate": _images(self.generator(z))}


class MaskedConv2d(nn.Conv2d):
    """PixelCNN's masked convolution: taps after the centre in raster order are zero, and the centre too for mask A.
    The mask is not part of the state_dict."""

    def __init__(self, cin, cout, k, mask_a):
        super().__init__(cin, cout, k, padding=k // 2)
        mask = torch.ones(k * k)
        mask[k * k // 2 + (0 if mask_a else 1):] = 0
        self.register_buffer("mask", mask.view(1, 1, k, k), persistent=False)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCnn(nn.Module):
    """pixelcnn: conv_a (mask A) → ReLU, residual conv_b{i} (mask B) → ReLU, out1 (1×1) → ReLU, out2 (1×1) logits."""

    def __init__(self, o, rows, cols):
        super().__init__()
        c, self.layers, self.rows, self.cols = o["Channels"], o["Layers"], rows, cols
        self.conv_a = MaskedConv2d(1, c, o["FirstKernel"], True)
        for i in range(self.layers):
            self.add_module(f"conv_b{i + 1}", MaskedConv2d(c, c, o["Kernel"], False))
        self.out1, self.out2 = nn.Conv2d(c, o["OutputChannels"], 1), nn.Conv2d(o["OutputChannels"], 1, 1)

    def outputs(self, x, z, y):
        h = F.relu(self.conv_a(x.view(-1, 1, self.rows, self.cols)))
        for i in range(self.layers):
            h = h + F.relu(getattr(self, f"conv_b{i + 1}")(h))
        return {"logits": self.out2(F.relu(self.out1(h))).flatten(1)}


class Classifier(nn.Module):
    """classifier: features.conv1/conv2 (3×3, ReLU, max-pool 2), features.fc → ReLU, dropout, head.fc."""

    def __init__(self, o, rows, cols, classes):
        super().__init__()
        self.rows, self.cols = rows, cols
        cells = o["Conv2"] * (rows // 4) * (cols // 4)
        self.features = _layers(conv1=nn.Conv2d(1, o["Conv1"], 3, padding=1), conv2=nn.Conv2d(o["Conv1"], o["Conv2"], 3, padding=1), fc=nn.Linear(cells, o["Hidden"]))
        self.head = _layers(fc=nn.Linear(o["Hidden"], classes))
        self.dropout = nn.Dropout(o["Dropout"])

    def outputs(self, x, z, y):
        h = F.max_pool2d(F.relu(self.features.conv1(x.view(-1, 1, self.rows, self.cols))), 2)
        h = F.max_pool2d(F.relu(self.features.conv2(h)), 2)
        return {"logits": self.head.fc(self.dropout(F.relu(self.features.fc(h.flatten(1)))))}


def build(model, options, rows, cols, classes):
    """The twin of KernelGen model `model` with `options` (a dict of the checkpoint's options) for rows × cols images, in eval mode."""
    pixels = rows * cols
    makers = {
        "ae": lambda: Autoencoder(options, pixels), "stacked-ae": lambda: Autoencoder(options, pixels),
        "sparse-ae": lambda: Autoencoder(options, pixels), "denoising-ae": lambda: Autoencoder(options, pixels),
        "contractive-ae": lambda: Autoencoder(options, pixels), "conv-ae": lambda: ConvAutoencoder(options, rows, cols),
        "vae": lambda: Vae(options, pixels), "conv-vae": lambda: ConvVae(options, rows, cols), "cvae": lambda: Vae(options, pixels, classes),
        "gan": lambda: MlpGan(options, pixels, batch_norm=options["GeneratorBatchNorm"]), "wgan": lambda: MlpGan(options, pixels),
        "cgan": lambda: MlpGan(options, pixels, classes), "dcgan": lambda: DcGan(options, rows, cols),
        "pixelcnn": lambda: PixelCnn(options, rows, cols), "classifier": lambda: Classifier(options, rows, cols, classes),
    }
    if model not in makers:
        raise ValueError(f"no PyTorch twin of model '{model}'; twins: {', '.join(makers)}")
    return makers[model]().eval()
