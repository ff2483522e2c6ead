"""Generates steps/src/main/resources/dev/distillery/steps/export/zoo-network.pt, the TorchScript
module behind `distillery-step export --format torchscript` (dev.distillery.steps.export.TorchScriptExport):
a network of the model zoo at inference, as a list of layers run one after the other, whose
layers and weights are set from Java (`load`) before the module is saved as the student's model.pt.
So the step image writes TorchScript without Python: libtorch's own serializer writes the file, and
torch.jit.load in any PyTorch reads it.

Layers (one list of ints each, the code first; tensors by index into `tensors`):
  [FLATTEN]                              flatten all but the batch axis
  [LINEAR, w, b]                         x W^T + b
  [RELU]
  [CONV, w, b, stride, padding]          a square convolution, zero padding (kernel from w)
  [BATCH_NORM, gamma, beta, mean, var]   batch normalization at inference, epsilon 1e-5
  [MAX_POOL, size]                       size x size windows, stride size
  [GLOBAL_AVG_POOL]                      mean over the spatial axes, one value per channel
  [BRANCH]                               a residual block starts: keep its input
  [SHORTCUT]                             the main path ends: keep its output, go on from the input
  [MERGE]                                relu(main + shortcut)
  [QUANTIZED_LINEAR, p]                  int8 x W^T + b, W and b packed in `packed[p]`
An identity shortcut is BRANCH, main..., SHORTCUT, MERGE.

`quantize_dynamic` turns the loaded network into its int8 variant the way PyTorch's dynamic
quantization does (torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)):
each LINEAR becomes a QUANTIZED_LINEAR whose weight is int8, per tensor and symmetric (the scale of
MinMaxObserver), run by libtorch's own quantized::linear_dynamic, which quantizes the activations
per batch; convolutions stay float, as they do there. The float weights it replaced are dropped, so
the saved file holds int8 weights only.

Run it with the torch the PyTorch engine loads (2.7.1; bench/requirements.txt), from the repository
root:  ~/.cache/distillery/bench-venv/bin/python steps/src/main/torchscript/zoo_network.py
Never edit the .pt by hand: ZooNetworkArchiveTest fails unless the archive holds this file's exact
text and the code this file scripted.
"""

import hashlib
import io
import sys
import zipfile
from pathlib import Path
from typing import Final, List

import torch
import torch.nn.functional as F
from torch import Tensor

TORCH = "2.7.1"
OUTPUT = Path(__file__).resolve().parents[1] / "resources/dev/distillery/steps/export/zoo-network.pt"


class ZooNetwork(torch.nn.Module):
    """A model-zoo network at inference: its layers and weights are attributes, set by `load`."""

    FLATTEN: Final[int] = 0
    LINEAR: Final[int] = 1
    RELU: Final[int] = 2
    CONV: Final[int] = 3
    BATCH_NORM: Final[int] = 4
    MAX_POOL: Final[int] = 5
    GLOBAL_AVG_POOL: Final[int] = 6
    BRANCH: Final[int] = 7
    SHORTCUT: Final[int] = 8
    MERGE: Final[int] = 9
    QUANTIZED_LINEAR: Final[int] = 10

    # MinMaxObserver's smallest scale: float32's machine epsilon.
    EPSILON: Final[float] = 1.1920928955078125e-07

    layers: List[List[int]]
    tensors: List[Tensor]
    packed: List[torch.classes.quantized.LinearPackedParamsBase]

    def __init__(self):
        super().__init__()
        self.layers = []
        self.tensors = []
        self.packed = []

    @torch.jit.export
    def load(self, layers: List[List[int]], tensors: List[Tensor]) -> None:
        self.layers = layers
        self.tensors = tensors

    @torch.jit.export
    def quantize_dynamic(self) -> None:
        layers: List[List[int]] = []
        packed: List[torch.classes.quantized.LinearPackedParamsBase] = []
        tensors = self.tensors
        for layer in self.layers:
            if layer[0] == self.LINEAR:
                weight = tensors[layer[1]]
                largest = torch.max(-torch.min(weight).clamp(max=0.0), torch.max(weight).clamp(min=0.0))
                scale = float(torch.clamp(largest / 127.5, min=self.EPSILON))
                int8 = torch.quantize_per_tensor(weight, scale, 0, torch.qint8)
                packed.append(torch.ops.quantized.linear_prepack(int8, tensors[layer[2]]))
                tensors[layer[1]] = torch.empty(0)
                tensors[layer[2]] = torch.empty(0)
                layers.append([self.QUANTIZED_LINEAR, len(packed) - 1])
            else:
                layers.append(layer)
        self.layers = layers
        self.tensors = tensors
        self.packed = packed

    def forward(self, x: Tensor) -> Tensor:
        kept: List[Tensor] = []
        t = self.tensors
        for layer in self.layers:
            code = layer[0]
            if code == self.FLATTEN:
                x = torch.flatten(x, 1)
            elif code == self.LINEAR:
                x = F.linear(x, t[layer[1]], t[layer[2]])
            elif code == self.RELU:
                x = torch.relu(x)
            elif code == self.CONV:
                x = F.conv2d(x, t[layer[1]], t[layer[2]], stride=layer[3], padding=layer[4])
            elif code == self.BATCH_NORM:
                x = F.batch_norm(x, t[layer[3]], t[layer[4]], t[layer[1]], t[layer[2]], False, 0.0, 1e-5)
            elif code == self.MAX_POOL:
                x = F.max_pool2d(x, layer[1], layer[1])
            elif code == self.GLOBAL_AVG_POOL:
                x = torch.mean(x, dim=[2, 3])
            elif code == self.BRANCH:
                kept.append(x)
            elif code == self.SHORTCUT:
                main = x
                x = kept.pop()
                kept.append(main)
            elif code == self.MERGE:
                x = torch.relu(kept.pop() + x)
            elif code == self.QUANTIZED_LINEAR:
                x = torch.ops.quantized.linear_dynamic(x, self.packed[layer[1]], True)
            else:
                raise RuntimeError("unknown layer code " + str(code))
        return x


def archive(extra: dict) -> bytes:
    buffer = io.BytesIO()
    torch.jit.save(torch.jit.script(ZooNetwork()), buffer, _extra_files=extra)
    return buffer.getvalue()


def code_of(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(next(n for n in z.namelist() if n.endswith("/code/__torch__.py")))


def main() -> int:
    if torch.__version__.split("+")[0] != TORCH:
        print(f"zoo_network.py: needs torch {TORCH} (the engine's libtorch), not {torch.__version__}",
              file=sys.stderr)
        return 1
    code = code_of(archive({}))
    data = archive({
        "generator.py": Path(__file__).read_text(encoding="utf-8"),
        "code.sha256": hashlib.sha256(code).hexdigest(),
        "torch.version": TORCH,
    })
    if code_of(data) != code:
        print("zoo_network.py: the scripted code changed between two saves", file=sys.stderr)
        return 1
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
