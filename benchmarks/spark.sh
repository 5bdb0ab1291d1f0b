#!/bin/sh
# Spark job against the single-machine run (source: spark/src/test/java/org/unetfiji/spark/SparkBenchmark.java);
# needs `mvn install` here and `mvn -f spark test-compile` first. Prints a Markdown table (see SPARK-RESULTS.md).
set -eu
cd "$(dirname "$0")/../spark"
OPENS=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS="$OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
export TF_CPP_MIN_LOG_LEVEL=2
# shellcheck disable=SC2086
exec nice -n 5 java -Xmx3g $OPENS -Dorg.bytedeco.javacpp.cachedir="$HOME/.cache/unet-fiji/javacpp" \
  -Dunet.spark.home="$PWD/target/spark-home" -Dunet.spark.javaOptions="$OPENS" \
  -cp "target/test-classes:target/classes:target/spark-home/jars/*" org.unetfiji.spark.SparkBenchmark "$@"
