"""Writes norm_torch.txt: LayerNorm and BatchNorm outputs from PyTorch, for NormTorchParityTest.

Run with Debian's python that has torch: /usr/bin/python3 norm_torch.py
Each line: name, shape (comma-separated), then the values in c order, float64.
"""
import torch

torch.manual_seed(0)
B, T, D = 2, 3, 4
x = (torch.randn(B, T, D, dtype=torch.float64) * 2 + 0.5)
w = torch.randn(D, dtype=torch.float64)
b = torch.randn(D, dtype=torch.float64)
keep = torch.tensor([[1, 1, 1], [1, 1, 0]], dtype=torch.float64)
out = {"x": x, "weight": w, "bias": b, "keep": keep}

ln = torch.nn.LayerNorm(D, eps=1e-5, dtype=torch.float64)
with torch.no_grad():
    ln.weight.copy_(w)
    ln.bias.copy_(b)
out["layer_norm"] = ln(x)

bn = torch.nn.BatchNorm1d(D, eps=1e-5, momentum=0.1, dtype=torch.float64)
with torch.no_grad():
    bn.weight.copy_(w)
    bn.bias.copy_(b)
bn.train()
out["batch_norm_train"] = bn(x.permute(0, 2, 1)).permute(0, 2, 1)
out["batch_norm_running_mean"] = bn.running_mean.clone()
out["batch_norm_running_var"] = bn.running_var.clone()
bn.eval()
out["batch_norm_eval"] = bn(x.permute(0, 2, 1)).permute(0, 2, 1)

# Padding excluded: statistics (and running stats) from the real rows only, as BatchNorm1d on them;
# every row, padded ones included, normalised with those batch statistics.
bn2 = torch.nn.BatchNorm1d(D, eps=1e-5, momentum=0.1, dtype=torch.float64)
with torch.no_grad():
    bn2.weight.copy_(w)
    bn2.bias.copy_(b)
real = x.reshape(-1, D)[keep.reshape(-1) == 1]
bn2.train()
bn2(real)
mean = real.mean(0)
var = real.var(0, unbiased=False)
out["batch_norm_masked_train"] = (x - mean) / torch.sqrt(var + 1e-5) * w + b
out["batch_norm_masked_running_mean"] = bn2.running_mean.clone()
out["batch_norm_masked_running_var"] = bn2.running_var.clone()

with open("norm_torch.txt", "w") as f:
    for name, t in out.items():
        t = t.detach().contiguous()
        shape = ",".join(str(s) for s in t.shape)
        f.write(name + " " + shape + " " + " ".join(repr(v) for v in t.reshape(-1).tolist()) + "\n")
