#!/bin/sh
# Reruns the figures of issue 19's "Done when" in one go, three runs each, and prints the medians with the load
# average before and after every run: pipeline alone 2D (4096²) and 3D (128×256×256) in memory, overhead over the
# engine for 2D 4096² (em-membranes-2d) and 3D 128×256×256, and the bfloat16 table. Run on a quiet machine:
#   benchmarks/issue19.sh [BEFORE_JAR]
# With BEFORE_JAR (e.g. a jar built from the commit before issue 19), every mode runs with it first, then with this
# build, for a before/after in the same period. Builds target/cli first (./unet info). Log: /tmp/issue19-*.log.
# JAVA_OPTS=-Dunet.pipeline.parallel=false keeps the pipeline stages on one thread each (to see what the cores bring).
set -u
cd "$(dirname "$0")/.." || exit 2
./unet info >/dev/null || exit 2
BEFORE=${1:-}
LIB="target/cli/lib/*"
JOPTS="-Xmx2g -Dorg.bytedeco.javacpp.cachedir=${UNET_CACHE:-$HOME/.cache/unet-fiji/javacpp} ${JAVA_OPTS:-}"
export TF_CPP_MIN_LOG_LEVEL=2
LOG=/tmp/issue19-$(date +%Y%m%d-%H%M%S).log
load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "?" }'; }
# run LABEL JAR MODE ARGS...: three runs; keeps the output in $LOG
run() {
  label=$1; jar=$2; shift 2
  for i in 1 2 3; do
    before=$(load)
    out=$(java $JOPTS -cp "$jar:$LIB" benchmarks/TilingBenchmark.java "$@" 2>&1 | grep -v '^WARNING\|^I0000')
    printf '=== %s run %s, load %s -> %s\n%s\n' "$label" "$i" "$before" "$(load)" "$out" >>"$LOG"
  done
}
# pick LABEL PATTERN FIELD: median over the three runs of field FIELD of the lines matching PATTERN
pick() { awk -v l="=== $1 run" -v p="$2" -v f="$3" 'index($0, l) == 1 { on = 1; next } /^===/ { on = 0 } on && index($0, p) == 1 { print $f }' "$LOG" | tr -d ',;' | median; }
loads() { grep "^=== $1 run" "$LOG" | sed 's/.*load //' | tr '\n' ';'; }
for jar in ${BEFORE:+"$BEFORE"} target/cli/unet-fiji.jar; do
  tag=$( [ "$jar" = "$BEFORE" ] && echo before || echo after )
  run "$tag pipeline2d" "$jar" pipeline2d 4096 /tmp
  run "$tag pipeline3d" "$jar" pipeline3d 128 256 256 /tmp
  run "$tag overhead2d" "$jar" overhead2d 4096
  run "$tag overhead3d" "$jar" overhead3d 128 256 256 /tmp
done
echo "issue 19 figures, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), log $LOG"
for tag in ${BEFORE:+before} after; do
  echo "-- $tag (median of 3; load average 1/5/15 min before -> after each run)"
  for d in 2d 3d; do
    echo "pipeline $d in memory: $(pick "$tag pipeline$d" '+ labels, instances: in memory' 6) s, $(pick "$tag pipeline$d" '+ labels, instances: in memory' 8) Mvoxel/s (target: 2d >= 150, 3d >= 80), process CPU less the identity network's $(pick "$tag pipeline$d" '+ labels, instances: in memory' 19) s; tiles+blending alone $(pick "$tag pipeline$d" '+ tiles, normalisation' 7) Mvoxel/s; disk to disk $(pick "$tag pipeline$d" 'disk to disk' 10) Mvoxel/s"
    echo "  loads: $(loads "$tag pipeline$d")"
  done
  for d in 2d 3d; do
    echo "overhead $d: engine $(pick "$tag overhead$d" 'engine alone' 3) s, pipeline $(pick "$tag overhead$d" 'engine alone' 6) s, overhead $(pick "$tag overhead$d" 'engine alone' 9) (target: 2d <= 1.05, 3d <= 1.10); process-CPU ratio $(pick "$tag overhead$d" 'process CPU' 11)"
    echo "  loads: $(loads "$tag overhead$d")"
  done
done
echo "-- bfloat16 against float32 (TensorFlow, CPU; median of 3 segmentations each), load before $(load)"
java $JOPTS -cp "target/cli/unet-fiji.jar:$LIB" benchmarks/PrecisionBenchmark.java 3 2>&1 | grep -v '^WARNING\|^I0000\|^Note:\|^20[0-9][0-9]-'
echo "load after: $(load)"
