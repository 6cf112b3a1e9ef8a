# The 5-op training loop: tanh(X @ W), (h**2).mean(), backward(), an SGD update under no_grad.
# bench/speed.bench.ts writes copies with STEPS set to 2,000 and 20,000 and times both, here and in PyTorch.
import torch

STEPS = 2000
g = torch.Generator().manual_seed(2147483647)
X = torch.randn((32, 30), generator=g)
W = torch.randn((30, 200), generator=g, requires_grad=True)
for i in range(STEPS):
    h = torch.tanh(X @ W)
    loss = (h**2).mean()
    W.grad = None
    loss.backward()
    with torch.no_grad():
        W -= 0.01 * W.grad
print(f"{loss.item():.6f}")
