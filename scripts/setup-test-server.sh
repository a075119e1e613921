#!/usr/bin/env bash
# Fetches Temporal's Java time-skipping test server from Maven Central into
# .tools/test-server, idempotently, and writes the wrapper that
# @temporalio/testing starts as an existing path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/test-server"
version="${TEMPORAL_TEST_SERVER_VERSION:-1.38.0}"
wrapper="$dir/temporal-test-server"

write_wrapper() {
  cat > "$wrapper" <<'SH'
#!/usr/bin/env bash
# Started by @temporalio/testing with the port as its argument. exec so that
# teardown's SIGKILL reaches the JVM itself. SLF4J's "no binder" notice is
# dropped from stderr: it is noise in `rectify simulate`'s output.
here="$(cd "$(dirname "$0")" && pwd)"
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$here/lib/*" io.temporal.testserver.TestServer "$@" 2> >(grep -v '^SLF4J' >&2)
SH
  chmod +x "$wrapper"
}

if [ -f "$dir/.version-$version" ] && ls "$dir"/lib/*.jar >/dev/null 2>&1; then
  write_wrapper
  echo "test server: $wrapper"; exit 0
fi
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "rectify setup: '$tool' is needed for Temporal's test server (Java 17 and Maven)." >&2; exit 1
  fi
done
mkdir -p "$dir/lib"
cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>rectify</groupId><artifactId>test-server-deps</artifactId><version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>$version</version>
    </dependency>
  </dependencies>
</project>
POM
echo "Fetching io.temporal:temporal-test-server:$version from Maven Central (once)..."
rm -f "$dir"/lib/*.jar
mvn -q -B -f "$dir/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir/lib" -DincludeScope=runtime
write_wrapper
rm -f "$dir"/.version-*; touch "$dir/.version-$version"
echo "test server: $wrapper"
