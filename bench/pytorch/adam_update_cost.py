"""Cost of one Adam step over the parameters of mlp:1200,1200 in libtorch, done the way DJL's
PyTorch engine does it (the tensor operations of its native adamUpdate, then zeroGrad, after the
gradient copy of DJL's LocalParameterServer) and the way torch.optim.Adam does it (its default
single-tensor CPU path, and fused=True). Same libtorch, same threads; the fastest of many
alternating repetitions, which is the least disturbed by other load. Prints one JSON line (ms).
"""

import argparse
import json
import time

import torch


def djl_step(params, grads, means, variances, lr, corrected):
    for w, g0, m, v in zip(params, grads, means, variances):
        g_copy = g0.clone()  # LocalParameterServer: grads[0].duplicate()
        g = g_copy.clone()  # adamUpdate: grad->clone()
        g.add_(w, alpha=0.0)  # weight decay term, added even when it is 0
        m.mul_(0.9).add_(g, alpha=0.1)
        v.mul_(0.999).addcmul_(g, g, value=0.001)
        w.sub_(m.mul(corrected).div(v.sqrt().add(1e-8)))
        g0.zero_()  # zeroGrad


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    shapes = [(1200, 784), (1200,), (1200, 1200), (1200,), (10, 1200), (10,)]
    results = {}
    with torch.no_grad():
        djl = [torch.randn(s) * 0.01 for s in shapes]
        djl_grads = [torch.randn(s) * 0.01 for s in shapes]
        means = [torch.zeros(s) for s in shapes]
        variances = [torch.zeros(s) for s in shapes]
    optimizers = {}
    for name, fused in (("torch.optim.Adam", False), ("torch.optim.Adam(fused=True)", True)):
        ps = [torch.nn.Parameter(torch.randn(s) * 0.01) for s in shapes]
        optimizers[name] = (ps, torch.optim.Adam(ps, lr=1e-3, fused=fused))
    best = {"DJL adamUpdate path": float("inf")}
    best.update({name: float("inf") for name in optimizers})
    for _ in range(args.repeats):
        started = time.perf_counter()
        with torch.no_grad():
            djl_step(djl, djl_grads, means, variances, 1e-3, 1e-3)
        best["DJL adamUpdate path"] = min(best["DJL adamUpdate path"], time.perf_counter() - started)
        for name, (ps, opt) in optimizers.items():
            for p in ps:
                p.grad = torch.randn_like(p) * 0.01
            started = time.perf_counter()
            opt.step()
            opt.zero_grad(set_to_none=True)
            best[name] = min(best[name], time.perf_counter() - started)
    results = {name: round(seconds * 1000, 3) for name, seconds in best.items()}
    print(json.dumps({"parameters": sum(torch.Size(s).numel() for s in shapes),
                      "threads": args.threads, "fastestMs": results}))


if __name__ == "__main__":
    main()
