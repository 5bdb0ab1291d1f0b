#!/bin/sh
# GPU against CPU with the same code (docs/GPU.md): output equality on real images, 3D inference throughput and the
# GPU's busy share, training steps/s in 2D and 3D, the largest stack segmented disk to disk and peak GPU memory.
#   benchmarks/gpu.sh [gpu|gpu:N]   on a machine with an NVIDIA GPU: the GPU build (target/cli-gpu, built by
#                                   UNET_GPU=1 ./unet if missing), every figure on the GPU and on the CPU
#   benchmarks/gpu.sh cpu           the CPU half only, with small sizes: checks the harness anywhere
# Sizes: STACK="Z Y X" (3D inference on the device), CPU_STACK (the same on the CPU, smaller: voxels/s hardly
# depend on the size), STEPS / CPU_STEPS (training steps), LARGEST=N (N³ stack segmented disk to disk, into OUT).
# UNET_CP gives a ready class path instead (e.g. jars carried to a machine without network); JAVA the java binary.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
DEVICE=${1:-gpu}
if [ "$DEVICE" = cpu ]; then
  STACK=${STACK:-32 128 128}; CPU_STACK=${CPU_STACK:-$STACK}; STEPS=${STEPS:-5}; CPU_STEPS=${CPU_STEPS:-$STEPS}
  LARGEST=${LARGEST:-64}; CLI=target/cli
  [ -n "${UNET_CP:-}" ] || ./unet help >/dev/null
else
  STACK=${STACK:-256 1024 1024}; CPU_STACK=${CPU_STACK:-64 512 512}; STEPS=${STEPS:-200}; CPU_STEPS=${CPU_STEPS:-20}
  LARGEST=${LARGEST:-1024}; CLI=target/cli-gpu
  [ -n "${UNET_CP:-}" ] || UNET_GPU=1 ./unet help >/dev/null
fi
CP=${UNET_CP:-$CLI/unet-fiji.jar:$CLI/lib/*}
OUT=${OUT:-$(mktemp -d)}
TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export TF_CPP_MIN_LOG_LEVEL

# results on standard output; TensorFlow's log (stderr) only when a run fails
bench() {
  if ! "${JAVA:-java}" "-Xmx${HEAP:-16g}" -Dorg.bytedeco.javacpp.cachedir="${UNET_CACHE:-$HOME/.cache/unet-fiji/javacpp}" \
      -cp "$CP" benchmarks/GpuBenchmark.java "$@" 2>"$OUT/benchmark.log"; then
    echo "failed: $*" >&2
    tail -n 30 "$OUT/benchmark.log" >&2
    exit 1
  fi
}

echo "$(date -u +%Y-%m-%d) $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader
bench compare "$DEVICE"
for d in $DEVICE cpu; do
  if [ "$d" = cpu ]; then s=$CPU_STACK; n=$CPU_STEPS; else s=$STACK; n=$STEPS; fi
  bench train "$d" 2 "$n"
  bench train "$d" 3 "$n"
  # shellcheck disable=SC2086
  bench infer3d "$d" $s
  if [ "$DEVICE" = cpu ]; then break; fi
done
bench segment3d "$DEVICE" "$LARGEST" "$OUT"
rm -f "$OUT"/synthetic-*.tif "$OUT"/segmented-* "$OUT/benchmark.log"
rmdir "$OUT" 2>/dev/null || true
