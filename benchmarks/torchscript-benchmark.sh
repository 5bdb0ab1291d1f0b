#!/bin/sh
# CPU time per forward pass of unet2d_nuclei_broad through the TorchScript engine (DJL) and ONNX Runtime
# (see docs/PYTORCH.md). Run from anywhere: benchmarks/torchscript-benchmark.sh   (builds the tool first if needed)
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
./unet help >/dev/null
echo "$(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp "target/cli/unet-fiji.jar:target/cli/lib/*" benchmarks/TorchScriptBenchmark.java
