#!/bin/sh
# CPU throughput of the same U-Net through TensorFlow and ONNX Runtime (see ONNX-RESULTS.md).
# Run from anywhere: benchmarks/onnx-benchmark.sh   (builds the command-line tool first if needed)
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
./unet help >/dev/null
echo "$(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
TF_CPP_MIN_LOG_LEVEL=2 exec java -Dorg.bytedeco.javacpp.cachedir="${UNET_CACHE:-$HOME/.cache/unet-fiji/javacpp}" \
  -cp "target/cli/unet-fiji.jar:target/cli/lib/*" benchmarks/OnnxBenchmark.java
