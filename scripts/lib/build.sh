# shellcheck shell=bash
# Sourced by Parley's scripts after lib/jdk.sh, with PARLEY_ROOT set to the repository root.
# Defines parley_build_if_needed and parley_server_jar.

# Prints the server jar: the newest server/target/parley-server-<version>.jar, ignoring
# -sources/-tests/-javadoc jars. Fails if there is none.
parley_server_jar() {
  local jar best=""
  for jar in "$PARLEY_ROOT"/server/target/parley-server-*.jar; do
    [[ -f $jar ]] || continue
    case $jar in *-sources.jar | *-tests.jar | *-javadoc.jar) continue ;; esac
    if [[ -z $best || $jar -nt $best ]]; then best=$jar; fi
  done
  [[ -n $best ]] || return 1
  printf '%s\n' "$best"
}

# Succeeds if the jar, its libs and the stamp exist and no source or pom changed since the stamp.
_parley_build_is_fresh() {
  local stamp="$PARLEY_ROOT/server/target/.parley-build-stamp" changed
  [[ -f $stamp ]] || return 1
  parley_server_jar >/dev/null || return 1
  compgen -G "$PARLEY_ROOT/server/target/lib/*.jar" >/dev/null || return 1
  changed=$(find "$PARLEY_ROOT/pom.xml" "$PARLEY_ROOT"/*/pom.xml "$PARLEY_ROOT"/*/src \
    -newer "$stamp" -print -quit 2>/dev/null || true)
  [[ -z $changed ]]
}

# Runs `mvn -q -B -DskipTests install` when the server jar or its libs are missing or any
# pom.xml or */src file is newer than the last build. Maven's output goes to a log shown only on
# failure. Concurrent callers (a server and a client started together) wait for one build.
parley_build_if_needed() {
  _parley_build_is_fresh && return 0
  local lock
  lock="${TMPDIR:-/tmp}/parley-build-$(id -u)-$(printf '%s' "$PARLEY_ROOT" | cksum | cut -d' ' -f1).lock"
  if command -v flock >/dev/null 2>&1; then
    (
      flock 9
      _parley_build_is_fresh || _parley_build
    ) 9>"$lock"
  else
    _parley_build
  fi
}

_parley_build() {
  local log started
  parley_ensure_maven || return 1
  echo "parley: building Parley (first run takes a minute)..." >&2
  log=$(mktemp "${TMPDIR:-/tmp}/parley-build.XXXXXX")
  # Stamped with the start time, so a file saved during the build triggers the next build.
  started=$(mktemp "${TMPDIR:-/tmp}/parley-stamp.XXXXXX")
  if (cd "$PARLEY_ROOT" &&
    JAVA_HOME=$PARLEY_JAVA_HOME MAVEN_OPTS="${MAVEN_OPTS:-} $PARLEY_JVM_FLAGS" \
      mvn -q -B -ntp -Dstyle.color=never -DskipTests install </dev/null) >"$log" 2>&1; then
    mv -f "$started" "$PARLEY_ROOT/server/target/.parley-build-stamp"
    rm -f "$log"
    return 0
  fi
  rm -f "$started"
  echo "parley: build failed; Maven output (kept in $log):" >&2
  cat "$log" >&2
  return 1
}
