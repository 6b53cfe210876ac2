"""The PyTorch models behind netc-runtime/src/test/resources/oracle/ (tools/oracles.py writes their files).

Each oracle: a builder (called with the oracle's arguments after torch.manual_seed(0)), its inputs
(shape without the batch, dtype) and which files it has: the tables (torchsummary, torchinfo) and, for models small enough to
run in a test, weights and an input and output.
"""
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.models as tvm
import torchvision.models.video as tvv

FLOAT = torch.float32
INT = torch.int64


class SeedSimple(nn.Module):
    """The seed's SimpleModel, verbatim: relu and max_pool2d are functional calls."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, stride=1, padding=1)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, stride=1, padding=1)
        self.fc1 = nn.Linear(32 * 8 * 8, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.view(x.size(0), -1)
        x = torch.relu(self.fc1(x))
        return self.fc2(x)


def seed_sequential():
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10))


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10))


class DoubleConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

    def forward(self, x):
        return self.body(x)


class UNetSmall(nn.Module):
    def __init__(self, cin=1, classes=2, w=16):
        super().__init__()
        self.enc1 = DoubleConv(cin, w)
        self.enc2 = DoubleConv(w, 2 * w)
        self.bott = DoubleConv(2 * w, 4 * w)
        self.up2 = nn.ConvTranspose2d(4 * w, 2 * w, 2, stride=2)
        self.dec2 = DoubleConv(4 * w, 2 * w)
        self.up1 = nn.ConvTranspose2d(2 * w, w, 2, stride=2)
        self.dec1 = DoubleConv(2 * w, w)
        self.head = nn.Conv2d(w, classes, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool(e1))
        b = self.bott(self.pool(e2))
        d2 = self.dec2(torch.cat([self.up2(b), e2], dim=1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], dim=1))
        return self.head(d1)


class LSTMClassifier(nn.Module):
    def __init__(self, vocab=1000, emb=64, hidden=128, classes=5):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, num_layers=2, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(2 * hidden, classes)

    def forward(self, tokens):
        out, _ = self.lstm(self.embed(tokens))
        return self.fc(self.drop(out[:, -1, :]))


class TinyTransformer(nn.Module):
    def __init__(self, vocab=500, d=64, heads=4, layers=2, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, heads, dim_feedforward=128, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, classes)

    def forward(self, tokens):
        h = self.encoder(self.embed(tokens))
        return self.fc(self.norm(h.mean(dim=1)))


# Issue 10's reach models, as /work/shared/design/reach_models.py gives them.

class TextCNN(nn.Module):
    def __init__(self, vocab=5000, emb=128, nfilt=100, sizes=(3, 4, 5), classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb)
        self.convs = nn.ModuleList([nn.Conv1d(emb, nfilt, k) for k in sizes])
        self.dropout = nn.Dropout(0.5)
        self.fc = nn.Linear(nfilt * len(sizes), classes)

    def forward(self, x):
        e = self.embedding(x).permute(0, 2, 1)
        hs = [F.relu(conv(e)).amax(dim=2) for conv in self.convs]   # max over time
        return self.fc(self.dropout(torch.cat(hs, 1)))


class GRUSeq2Seq(nn.Module):
    """Encoder GRU's final hidden state initialises the decoder GRU (teacher forcing)."""
    def __init__(self, src_vocab=1000, tgt_vocab=1000, emb=64, hidden=128):
        super().__init__()
        self.src_emb = nn.Embedding(src_vocab, emb)
        self.encoder = nn.GRU(emb, hidden, batch_first=True)
        self.tgt_emb = nn.Embedding(tgt_vocab, emb)
        self.decoder = nn.GRU(emb, hidden, batch_first=True)
        self.out = nn.Linear(hidden, tgt_vocab)

    def forward(self, src, tgt):
        _, h = self.encoder(self.src_emb(src))
        y, _ = self.decoder(self.tgt_emb(tgt), h)
        return self.out(y)


class WaveNetLayer(nn.Module):
    def __init__(self, res_ch, skip_ch, dilation):
        super().__init__()
        self.d = dilation
        self.filter = nn.Conv1d(res_ch, res_ch, 2, dilation=dilation, padding=dilation)
        self.gate = nn.Conv1d(res_ch, res_ch, 2, dilation=dilation, padding=dilation)
        self.res = nn.Conv1d(res_ch, res_ch, 1)
        self.skip = nn.Conv1d(res_ch, skip_ch, 1)

    def forward(self, x):
        f = torch.tanh(self.filter(x)[:, :, :-self.d])      # causal: drop the right padding
        g = torch.sigmoid(self.gate(x)[:, :, :-self.d])
        z = f * g
        return x + self.res(z), self.skip(z)


class WaveNet(nn.Module):
    def __init__(self, in_ch=1, res=32, skip=64, dilations=(1, 2, 4, 8, 16, 32, 64, 128) * 2, classes=256):
        super().__init__()
        self.causal = nn.Conv1d(in_ch, res, 2, padding=1)
        self.layers = nn.ModuleList([WaveNetLayer(res, skip, d) for d in dilations])
        self.out = nn.Sequential(nn.ReLU(), nn.Conv1d(skip, skip, 1), nn.ReLU(), nn.Conv1d(skip, classes, 1))

    def forward(self, x):
        x = self.causal(x)[:, :, :-1]
        skips = 0
        for layer in self.layers:
            x, s = layer(x)
            skips = skips + s
        return self.out(skips)


class VAE(nn.Module):
    def __init__(self, latent=32):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(),
                                 nn.Flatten())
        self.fc_mu = nn.Linear(64 * 7 * 7, latent)
        self.fc_logvar = nn.Linear(64 * 7 * 7, latent)
        self.fc_dec = nn.Linear(latent, 64 * 7 * 7)
        self.dec = nn.Sequential(nn.Unflatten(1, (64, 7, 7)), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                                 nn.ConvTranspose2d(32, 1, 4, 2, 1), nn.Sigmoid())

    def forward(self, x):
        h = self.enc(x)
        mu, logvar = self.fc_mu(h), self.fc_logvar(h)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        return self.dec(self.fc_dec(z)), mu, logvar


# The small weighted versions: constructor arguments a sample reaches with `--set` (scalars only).
VIT_SMALL = dict(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32)
WAVENET_SMALL = dict(res=4, skip=8, classes=16)
GRU_SEQ2SEQ_SMALL = dict(src_vocab=100, tgt_vocab=100, emb=8, hidden=16)
TEXTCNN_SMALL = dict(vocab=100, emb=8, nfilt=4)


def vit_small(**arguments):
    """torchvision zero-initialises the class token and the head, so every output would be 0."""
    model = tvm.VisionTransformer(**arguments)
    with torch.no_grad():
        for tensor in (model.class_token, model.heads.head.weight, model.heads.head.bias):
            tensor.normal_(0.0, 0.5)
    return model


@dataclass(frozen=True)
class Oracle:
    build: Callable[..., nn.Module]
    inputs: Tuple[Tuple[tuple, torch.dtype], ...]
    arguments: Dict[str, Any] = field(default_factory=dict)  # build's, recorded in model.json
    tables: bool = True   # torchsummary.txt (where it runs), torchinfo.txt, torchinfo_all_columns.txt
    weights: bool = False  # weights.safetensors and io.safetensors


def one(shape, dtype=FLOAT):
    return ((shape, dtype),)


ORACLES = {
    "seed_simple": Oracle(SeedSimple, one((3, 32, 32)), weights=True),
    "seed_sequential": Oracle(seed_sequential, one((3, 32, 32)), weights=True),
    "lenet5": Oracle(lenet5, one((1, 32, 32)), weights=True),
    "vgg11": Oracle(tvm.vgg11, one((3, 224, 224))),
    "resnet18": Oracle(tvm.resnet18, one((3, 224, 224))),
    "mobilenet_v2": Oracle(tvm.mobilenet_v2, one((3, 224, 224))),
    "unet_small": Oracle(UNetSmall, one((1, 64, 64)), weights=True),
    "lstm_classifier": Oracle(LSTMClassifier, one((20,), INT), weights=True),
    "tiny_transformer": Oracle(TinyTransformer, one((16,), INT), weights=True),
    # issue 10's reach samples
    "textcnn": Oracle(TextCNN, one((50,), INT)),
    "gru_seq2seq": Oracle(GRUSeq2Seq, (((20,), INT), ((18,), INT))),
    "wavenet": Oracle(WaveNet, one((1, 1024))),
    "vae": Oracle(VAE, one((1, 28, 28))),
    "vit_b_16": Oracle(tvm.vit_b_16, one((3, 224, 224))),
    "convnext_tiny": Oracle(tvm.convnext_tiny, one((3, 224, 224))),
    "regnet_x_400mf": Oracle(tvm.regnet_x_400mf, one((3, 224, 224))),
    "densenet121": Oracle(tvm.densenet121, one((3, 224, 224))),
    "r3d_18": Oracle(tvv.r3d_18, one((3, 16, 112, 112))),
    "shufflenet_v2_x0_5": Oracle(tvm.shufflenet_v2_x0_5, one((3, 224, 224))),
    # their small weighted versions, for netc java and netc run
    "vit_small": Oracle(vit_small, one((3, VIT_SMALL["image_size"], VIT_SMALL["image_size"])), VIT_SMALL,
                        tables=False, weights=True),
    "wavenet_small": Oracle(WaveNet, one((1, 1024)), WAVENET_SMALL, tables=False, weights=True),
    "gru_seq2seq_small": Oracle(GRUSeq2Seq, (((20,), INT), ((18,), INT)), GRU_SEQ2SEQ_SMALL,
                                tables=False, weights=True),
    "textcnn_small": Oracle(TextCNN, one((50,), INT), TEXTCNN_SMALL, tables=False, weights=True),
}
