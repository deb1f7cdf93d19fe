#!/usr/bin/python3
"""Reference numbers for org.attentionlab.train tests, computed by PyTorch itself.

Run with Debian's python (torch 1.13): /usr/bin/python3 src/test/python/make_train_fixtures.py
Writes src/test/resources/fixtures/label_smoothing.json and adam.json. All numbers are float64
so that the Java side can compare in double precision.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")


def label_smoothing():
    g = torch.Generator().manual_seed(3)
    B, T, V, pad = 2, 3, 5, 0
    logits = torch.randn(B, T, V, generator=g, dtype=torch.float64) * 2
    targets = torch.tensor([[1, 4, 2], [3, 0, 0]])  # two padded positions (id 0)
    cases = []
    for smoothing in (0.0, 0.1, 0.3):
        for ignore in (pad, -100):
            x = logits.clone().requires_grad_(True)
            loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=smoothing, ignore_index=ignore)
            loss = loss_fn(x.view(-1, V), targets.view(-1))
            loss.backward()
            cases.append({
                "smoothing": smoothing,
                # -100 is torch's default ignore_index, which never occurs here: no padding.
                "padId": ignore if ignore >= 0 else -1,
                "loss": loss.item(),
                "grad": x.grad.reshape(-1).tolist(),
            })
    return {"shape": [B, T, V], "logits": logits.reshape(-1).tolist(),
            "targets": targets.tolist(), "cases": cases}


def adam():
    g = torch.Generator().manual_seed(5)
    w = torch.randn(3, 4, generator=g, dtype=torch.float64)
    b = torch.randn(4, generator=g, dtype=torch.float64)
    x = torch.randn(6, 3, generator=g, dtype=torch.float64)
    y = torch.randn(6, 4, generator=g, dtype=torch.float64)
    cases = []
    for lr, wd in ((0.01, 0.0), (0.05, 0.01)):
        pw = w.clone().requires_grad_(True)
        pb = b.clone().requires_grad_(True)
        opt = torch.optim.Adam([pw, pb], lr=lr, betas=(0.9, 0.98), eps=1e-9, weight_decay=wd)
        steps = []
        for _ in range(5):
            opt.zero_grad()
            loss = ((x @ pw + pb - y) ** 2).mean()
            loss.backward()
            grads = [pw.grad.reshape(-1).tolist(), pb.grad.reshape(-1).tolist()]
            opt.step()
            steps.append({"grads": grads,
                          "params": [pw.detach().reshape(-1).tolist(), pb.detach().reshape(-1).tolist()]})
        cases.append({"lr": lr, "weightDecay": wd, "steps": steps})
    return {"beta1": 0.9, "beta2": 0.98, "eps": 1e-9,
            "initial": [w.reshape(-1).tolist(), b.reshape(-1).tolist()],
            "shapes": [list(w.shape), list(b.shape)], "cases": cases}


def clipping():
    g = torch.Generator().manual_seed(7)
    grads = [torch.randn(2, 3, generator=g, dtype=torch.float64), torch.randn(4, generator=g, dtype=torch.float64)]
    params = [torch.zeros_like(t, requires_grad=True) for t in grads]
    for p, t in zip(params, grads):
        p.grad = t.clone()
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm=1.0)
    return {"grads": [t.reshape(-1).tolist() for t in grads], "shapes": [list(t.shape) for t in grads],
            "maxNorm": 1.0, "norm": norm.item(), "clipped": [p.grad.reshape(-1).tolist() for p in params]}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in (("label_smoothing", label_smoothing()), ("adam", adam()), ("clipping", clipping())):
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
    print("torch", torch.__version__, "fixtures written to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
