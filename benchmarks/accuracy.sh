#!/bin/sh
# Accuracy benchmark: for each data set in ../shared/data, train a model with the recorded recipe (or take the bundled
# one), segment the test split, evaluate it, and append a row to benchmarks/ACCURACY.md.
#
#   benchmarks/accuracy.sh                          every data set (unattended; a failing set is logged, the rest run)
#   benchmarks/accuracy.sh isbi2012-em-membranes    one data set (or several)
#
# UNET_DATA moves the data folder (default ../shared/data beside the checkout). UNET_RETRAIN=1 trains a model per data
# set with its recipe instead of taking the bundled one; UNET_STEPS overrides its training steps, for a short run (the
# row then says so). Work files and logs go to target/benchmarks/SET/.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
DATA=${UNET_DATA:-$REPO/../shared/data}
TABLE=$HERE/ACCURACY.md
UNET=$REPO/unet

# The recipe of a data set: MODEL (the bundled model), TRAIN (./unet train settings, used instead of the model with
# UNET_RETRAIN=1: a new model trained on the set's own training split), SEGMENT (extra ./unet segment settings, as
# recorded with the bundled model's test metrics) and METRICS for ./unet evaluate.
# Returns 1 with WHY set where the set cannot be benchmarked yet.
recipe() {
  MODEL= TRAIN= METRICS=auto SEGMENT= WHY=
  case $1 in
    isbi2012-em-membranes) MODEL=em-membranes-2d METRICS=semantic,membrane
      TRAIN="filters=8 steps=4000 batch=4 validate-every=500 label-type=binary weights=balance classes=membrane,cell seed=1" ;;
    ctc-gowt1-nuclei-2d | ctc-hela-nuclei-2d | dsb2018-stardist-nuclei-2d | nih3t3-nuclei-2d)
      MODEL=nuclei-2d METRICS=foreground,instance SEGMENT=min-size=50
      TRAIN="filters=8 steps=6000 batch=4 validate-every=500 weights=border augment=false seed=1" ;;
    gonuclear-ovule-nuclei-3d) MODEL=nuclei-3d METRICS=foreground,instance SEGMENT=min-size=300
      TRAIN="filters=8 steps=3000 batch=2 validate-every=500 weights=border seed=1" ;;
    ovules-cells-3d) WHY="dense cell ids need boundary targets, which ./unet train cannot make yet" ;;
    stardist-synthetic-nuclei-3d) WHY="no test split (synthetic smoke-test volume)" ;;
    *) WHY="no recipe for this data set" ;;
  esac
  [ -z "${UNET_RETRAIN:-}" ] && TRAIN=
  [ -z "$WHY" ] && [ -n "${UNET_STEPS:-}" ] && [ -n "$TRAIN" ] &&
    TRAIN=$(echo "$TRAIN" | sed "s/steps=[0-9]*/steps=$UNET_STEPS/")
  [ -z "$WHY" ]
}

# The overall value of one column of a metrics CSV, 4 decimals, or a dash.
overall() {
  awk -F, -v column="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == column) k = i }
    $1 == "overall" && k { v = $k } END { if (v == "") print "–"; else printf "%.4f\n", v }' "$2"
}

machine() {
  echo "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
}

commit() {
  c=$(git -C "$REPO" rev-parse --short HEAD)
  git -C "$REPO" diff --quiet HEAD -- src pom.xml models && echo "$c" || echo "$c+changes"
}

benchmark() {
  set_name=$1
  if ! recipe "$set_name"; then
    echo "$set_name: skipped, $WHY"
    return 0
  fi
  work=$REPO/target/benchmarks/$set_name
  rm -rf "$work" && mkdir -p "$work"
  log=$work/log.txt
  load=$(machine)
  training="bundled model \`$MODEL\`${SEGMENT:+, \`$SEGMENT\`}" seconds=–
  if [ -n "$TRAIN" ]; then
    MODEL=$work/model
    echo "$set_name: training ($TRAIN)"
    # shellcheck disable=SC2086
    "$UNET" train images="$DATA/$set_name/train/images" labels="$DATA/$set_name/train/labels" output="$MODEL" \
      name="$set_name" $TRAIN >>"$log" 2>&1 || { echo "$set_name: training failed, see $log"; return 1; }
    seconds=$(sed -n 's/.* after [0-9]* steps in \([0-9]*\) s.*/\1/p' "$log")
    training="\`./unet train $TRAIN\`${UNET_STEPS:+ (short run: UNET_STEPS=$UNET_STEPS)}"
  fi
  echo "$set_name: segmenting the test images"
  # shellcheck disable=SC2086
  "$UNET" segment model="$MODEL" input="$DATA/$set_name/test/images" output="$work/segmented" $SEGMENT >>"$log" 2>&1 ||
    { echo "$set_name: segmentation failed, see $log"; return 1; }
  echo "$set_name: evaluating"
  "$UNET" evaluate prediction="$work/segmented" truth="$DATA/$set_name/test/labels" output="$work/metrics.csv" \
    metrics="$METRICS" >>"$log" 2>&1 || { echo "$set_name: evaluation failed, see $log"; return 1; }
  csv=$work/metrics.csv
  images=$(ls "$DATA/$set_name/test/images" | wc -l)
  row="| $(date -u +%Y-%m-%d) | $set_name | $training | $seconds | $images"
  for column in pixel_accuracy iou_1 dice_1 pixel_error rand_error f1 mean_ap; do
    row="$row | $(overall $column "$csv")"
  done
  echo "$row | $load | $(commit) |" >>"$TABLE"
  echo "$set_name: done; row appended to $TABLE, all metrics in $csv"
}

[ -f "$TABLE" ] || { echo "accuracy.sh: $TABLE is missing" >&2; exit 2; }
[ -d "$DATA" ] || { echo "accuracy.sh: no data folder $DATA (set UNET_DATA)" >&2; exit 2; }
if [ $# -eq 0 ]; then
  for folder in "$DATA"/*/; do
    set -- "$@" "$(basename "$folder")"
  done
fi
failed=0
for set_name in "$@"; do
  if [ ! -d "$DATA/$set_name" ]; then
    echo "$set_name: no such data set in $DATA" >&2
    failed=1
    continue
  fi
  benchmark "$set_name" || failed=1
done
exit $failed
