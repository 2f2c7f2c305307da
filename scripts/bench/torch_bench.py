"""PyTorch side of `npm run bench`: trains the same models as the tfjs side, on the same
MNIST-shaped random data, and prints one JSON line per measurement.

Usage: torch_bench.py MODEL SAMPLES THREADS   (MODEL is cnn or mlp)
"""
import json
import sys
import time

import torch
from torch import nn


def seed_cnn():
    # The seed CNN, as in examples/mnist-cnn.ts (Keras 'valid' padding, softmax folded into the loss).
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 10),
    )


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def main():
    name, samples, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = seed_cnn() if name == "cnn" else mlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batch = 64
    xs = torch.rand(samples, 1, 28, 28)
    ys = torch.randint(0, 10, (samples,))

    def epoch():
        for i in range(0, samples, batch):
            opt.zero_grad()
            loss = loss_fn(model(xs[i:i + batch]), ys[i:i + batch])
            loss.backward()
            opt.step()

    # Warm-up pass over a few batches so allocation and thread start-up are not measured.
    saved = samples
    samples = min(samples, batch * 5)
    epoch()
    samples = saved
    start = time.perf_counter()
    cpu_start = time.process_time()
    epoch()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({"engine": "pytorch", "model": name, "threads": threads,
                      "version": torch.__version__, "samples_per_s": samples / seconds,
                      "samples_per_cpu_s": samples / cpu_seconds}))


if __name__ == "__main__":
    main()
