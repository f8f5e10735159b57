#!/usr/bin/env bash
# Builds Loadline's jars (package, never install), then this project, then runs JMH.
# Arguments go to JMH, e.g. ./run.sh ArrivalScheduleBenchmark -p model=sine
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
mvn -B -q -f "$root/pom.xml" -pl core,plugins -am package -DskipTests
mvn -B -q -f "$here/pom.xml" package dependency:build-classpath \
  -Dmdep.outputFile="$here/target/classpath.txt"
exec java -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  org.openjdk.jmh.Main "$@"
