#!/usr/bin/env bash
# fsneurons command-line entry point: builds what is missing on first use, then runs the CLI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# FS_TARGET: build output folder name (default target); lets parallel work trees/helpers build side by side
TGT="${FS_TARGET:-target}"
APP="$ROOT/fs-experiments/$TGT"
JAR="$APP/fs-experiments-0.1.0-SNAPSHOT.jar"
stale() {
  [[ ! -f "$JAR" || ! -d "$APP/lib" ]] && return 0
  # rebuild when any source or POM is newer than the application jar
  [[ -n "$(find "$ROOT"/pom.xml "$ROOT"/fs-*/pom.xml "$ROOT"/fs-*/src/main -newer "$JAR" -type f -print -quit 2>/dev/null)" ]]
}
if stale; then
  echo "fs: building fsneurons (first use or sources changed; takes a minute) ..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests package -Dfs.target="$TGT" >"$ROOT/build-$TGT.log" 2>&1) || {
    echo "fs: build failed; see $ROOT/build-$TGT.log" >&2; tail -n 30 "$ROOT/build-$TGT.log" >&2; exit 1; }
fi
export FS_HOME="$ROOT"
# Spark 4 on Java 17 (./fs eval --spark): the module openings Spark's own launcher adds (JavaModuleOptions)
SPARK_OPENS="-XX:+IgnoreUnrecognizedVMOptions -Dio.netty.tryReflectionSetAccessible=true"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  SPARK_OPENS+=" --add-opens=java.base/$p=ALL-UNNAMED"
done
exec java ${FS_JAVA_OPTS:--Xmx8g} $SPARK_OPENS -cp "$JAR:$APP/lib/*" org.fsneurons.experiments.cli.FsCli "$@"
