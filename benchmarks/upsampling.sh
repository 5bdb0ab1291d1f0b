#!/bin/sh
# Transposed against resize-convolution up-sampling on the dense ovule cells (boundary target), as measured in
# benchmarks/UPSAMPLING.md: the training patch is cut into a training half (y 0..99) and a validation half
# (y 100..199); both networks train 200 steps with the same seed and defaults otherwise, then segment the
# validation half, whose boundary probability is scored for roughness inside the cells.
# Usage: benchmarks/upsampling.sh [WORK]   (default /tmp/ovm; about 15 minutes on 2 busy cores)
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/ovm}
mkdir -p "$WORK"
cd "$HERE"
./unet help >/dev/null # builds the command-line tool if needed
IJ=$(ls target/cli/lib/ij-*.jar | head -n 1)
sed "s|/tmp/ovm|$WORK|g; s|/work/shared/data|$HERE/../shared/data|" benchmarks/upsampling/crop.jsh >"$WORK/crop.jsh"
jshell -R-Djava.awt.headless=true --class-path "$IJ" "$WORK/crop.jsh"
for mode in transposed resize; do
  rm -rf "$WORK/$mode" "$WORK/$mode.training" "$WORK/seg-$mode"
  nice -n 5 ./unet train images="$WORK/train/images" labels="$WORK/train/labels" \
    validation-images="$WORK/val/images" validation-labels="$WORK/val/labels" output="$WORK/$mode" \
    upsampling=$mode steps=200 validate-every=50 device=cpu
  nice -n 5 ./unet segment model="$WORK/$mode" input="$WORK/val/images" output="$WORK/seg-$mode"
done
sed "s|/tmp/ovm|$WORK|g" benchmarks/upsampling/roughness.jsh >"$WORK/roughness.jsh"
jshell -R-Djava.awt.headless=true --class-path "$IJ" "$WORK/roughness.jsh"
