"""Generates steps/src/main/resources/dev/distillery/steps/training/fused-adam.pt, the TorchScript
module behind dev.distillery.steps.training.FusedAdam: one Adam/AdamW step over all parameters in
one call to libtorch's fused kernel (torch._fused_adamw_, the kernel of torch.optim.AdamW(fused=True),
on CPU and CUDA alike), then the gradients zeroed as DJL's optimizers leave them.

Run it with the torch the PyTorch engine loads (2.7.1; bench/requirements.txt), from the repository
root:  ~/.cache/distillery/bench-venv/bin/python steps/src/main/torchscript/fused_adam.py
Never edit the .pt by hand: FusedAdamArchiveTest fails unless the archive holds this file's exact
text and the code this file scripted.
"""

import hashlib
import io
import sys
import zipfile
from pathlib import Path
from typing import List

import torch
from torch import Tensor

TORCH = "2.7.1"
OUTPUT = Path(__file__).resolve().parents[1] / "resources/dev/distillery/steps/training/fused-adam.pt"


class FusedAdam(torch.nn.Module):
    """Stateless: the moments and step counts live in the caller (Java) and come in as lists."""

    @torch.jit.export
    def step(
        self,
        params: List[Tensor],
        exp_avgs: List[Tensor],
        exp_avg_sqs: List[Tensor],
        steps: List[Tensor],
        lr: float,
        beta1: float,
        beta2: float,
        weight_decay: float,
        eps: float,
    ) -> None:
        grads: List[Tensor] = []
        for p in params:
            grads.append(p.grad)
        torch._foreach_add_(steps, 1.0)
        # Decoupled weight decay (param *= 1 - lr * weight_decay); at weight_decay 0 this is Adam.
        torch._fused_adamw_(
            params,
            grads,
            exp_avgs,
            exp_avg_sqs,
            [],
            steps,
            lr=lr,
            beta1=beta1,
            beta2=beta2,
            weight_decay=weight_decay,
            eps=eps,
            amsgrad=False,
            maximize=False,
        )
        # Zero each gradient through p.grad itself: TorchScript's alias analysis drops in-place
        # writes to a list it built from p.grad (a _foreach_zero_(grads) here would vanish).
        for p in params:
            g = p.grad
            assert g is not None
            g.zero_()


def archive(extra: dict) -> bytes:
    buffer = io.BytesIO()
    torch.jit.save(torch.jit.script(FusedAdam()), buffer, _extra_files=extra)
    return buffer.getvalue()


def code_of(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(next(n for n in z.namelist() if n.endswith("/code/__torch__.py")))


def main() -> int:
    if torch.__version__.split("+")[0] != TORCH:
        print(f"fused_adam.py: needs torch {TORCH} (the engine's libtorch), not {torch.__version__}",
              file=sys.stderr)
        return 1
    code = code_of(archive({}))
    data = archive({
        "generator.py": Path(__file__).read_text(encoding="utf-8"),
        "code.sha256": hashlib.sha256(code).hexdigest(),
        "torch.version": TORCH,
    })
    if code_of(data) != code:
        print("fused_adam.py: the scripted code changed between two saves", file=sys.stderr)
        return 1
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
