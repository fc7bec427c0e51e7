# shellcheck shell=bash
# Sourced by Parley's scripts: finds a JDK >= 21 and exports
#   PARLEY_JAVA_HOME, JAVA_HOME  the JDK's home directory
#   JAVA                         its java binary
#   JAVA_MAJOR                   its feature version (21, 25, ...)
#   PARLEY_JVM_FLAGS             flags every Parley JVM needs on this JDK, as one string
# and sets the array PARLEY_JVM_FLAG_ARRAY with the same flags, for quoting-safe use.
# Candidates, first acceptable wins: $PARLEY_JAVA_HOME, $JAVA_HOME, `java` on PATH, then the
# highest version under ${PARLEY_JVM_DIR:-/usr/lib/jvm}. Exits 1 with one line on stderr if none.
# Also defines parley_ensure_maven.

PARLEY_MIN_JAVA_MAJOR=21

# Prints the feature version of the JDK at home $1, or fails if there is no java there.
# Parsed with bash builtins only, so a stripped-down PATH still works.
parley_java_major() {
  local home=$1 version="" line
  [[ -x "$home/bin/java" ]] || return 1
  if [[ -r "$home/release" ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line =~ ^JAVA_VERSION=\"?([^\"]*)\"?$ ]]; then
        version=${BASH_REMATCH[1]}
        break
      fi
    done <"$home/release"
  fi
  if [[ -z $version ]]; then
    # `java -version` prints e.g.: openjdk version "21.0.5" 2024-10-15  (or "1.8.0_412")
    line=$("$home/bin/java" -version 2>&1 || true)
    if [[ $line =~ version\ \"([^\"]*)\" ]]; then
      version=${BASH_REMATCH[1]}
    fi
  fi
  version=${version#1.}         # 1.8.0_412 -> 8.0_412; 25.0.1 stays
  version=${version%%[!0-9]*}   # keep the leading number: 25, 21, 26 (from 26-ea), 8
  [[ -n $version ]] || return 1
  printf '%s\n' "$version"
}

# Succeeds, setting the exports, if home $1 holds a JDK >= 21.
_parley_try_jdk() {
  local home=$1 major
  [[ -n $home ]] || return 1
  major=$(parley_java_major "$home") || return 1
  ((major >= PARLEY_MIN_JAVA_MAJOR)) || return 1
  PARLEY_JAVA_HOME=$home
  JAVA_MAJOR=$major
}

_parley_find_jdk() {
  local java_on_path dir major best="" best_major=0
  _parley_try_jdk "${PARLEY_JAVA_HOME:-}" && return 0
  _parley_try_jdk "${JAVA_HOME:-}" && return 0
  if java_on_path=$(command -v java 2>/dev/null); then
    # /usr/bin/java is usually a chain of symlinks into <home>/bin/java.
    java_on_path=$(readlink -f "$java_on_path" 2>/dev/null || printf '%s' "$java_on_path")
    _parley_try_jdk "${java_on_path%/bin/java}" && return 0
  fi
  for dir in "${PARLEY_JVM_DIR:-/usr/lib/jvm}"/*/; do
    dir=${dir%/}
    major=$(parley_java_major "$dir") || continue
    if ((major > best_major)); then
      best=$dir
      best_major=$major
    fi
  done
  _parley_try_jdk "$best"
}

if ! _parley_find_jdk; then
  echo "parley: no JDK >= $PARLEY_MIN_JAVA_MAJOR found (checked JAVA_HOME, PATH, ${PARLEY_JVM_DIR:-/usr/lib/jvm}); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+" >&2
  exit 1
fi

JAVA_HOME=$PARLEY_JAVA_HOME
JAVA="$PARLEY_JAVA_HOME/bin/java"
PARLEY_JVM_FLAG_ARRAY=()
if ((JAVA_MAJOR >= 24)); then
  # Netty and protobuf still use sun.misc.Unsafe memory access and RocksDB/epoll load native code;
  # from JDK 24 both print warnings (and will be denied later) unless allowed explicitly.
  PARLEY_JVM_FLAG_ARRAY+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
PARLEY_JVM_FLAGS="${PARLEY_JVM_FLAG_ARRAY[*]}"
export PARLEY_JAVA_HOME JAVA_HOME JAVA JAVA_MAJOR PARLEY_JVM_FLAGS

# Makes `mvn` available: already on PATH, else installed with apt-get when running as root,
# else fails with a message naming Maven.
parley_ensure_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "parley: Maven (mvn) not found; installing it with apt-get..." >&2
    if DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven </dev/null >&2 &&
      command -v mvn >/dev/null 2>&1; then
      return 0
    fi
    echo "parley: installing Maven with apt-get failed; install Maven 3.8+ and put mvn on PATH" >&2
    return 1
  fi
  echo "parley: Maven (mvn) not found; install Maven 3.8+ (e.g. 'sudo apt-get install maven') and put mvn on PATH" >&2
  return 1
}
