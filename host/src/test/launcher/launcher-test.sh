#!/usr/bin/env bash
# The launcher's own checks (issue 15, start-up), run on a copy of ./pairgate in a throw-away tree
# with stand-ins for mvn and java that log how they were called:
#   - it builds on first use, not again while nothing changed, and again when a source or a pom
#     is newer than the build stamp;
#   - the pom's JVM flags are cached in host/target/jvm-flags.txt and read again when the pom
#     changes;
#   - JNA's dispatch library comes from host/target/jna when the build unpacked it there, and the
#     four analysis commands skip JNA's `ldconfig -p` (empty jna.platform.library.path), others not;
#   - the static CDS archive of analyze is made on first use, with its flags file when the JVM takes
#     the relocation flag for the dump, without it when not, and mapped with those flags later;
#   - a file over PAIRGATE_SMALL_FILE keeps the tiered JIT;
#   - the CLI's one `find` (rebuild check and file size together): a data file newer than the
#     stamp rebuilds nothing, a changed source and a big file are both seen in one run;
#   - the archive is made again when a jar of the class path is newer (bash's -nt, no find);
#   - java's binary is resolved once (host/target/java-bin.txt) and again when PATH's java changes;
#   - analyze & co. run on host/target/classpath-analysis.txt, the other commands on classpath.txt;
#   - the root is the clean absolute directory of the launcher however it is called.
# Usage: launcher-test.sh PATH/TO/pairgate      (exit 0 when every check holds; LauncherTest runs it)
set -euo pipefail
LAUNCHER="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
T="$(mktemp -d "${TMPDIR:-/tmp}/pairgate-launcher-test.XXXXXX")"
trap 'rm -rf "$T"' EXIT
fails=0
check() {   # check "what" command...: the command must succeed
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fails=$((fails + 1)); fi
}

# --- the tree: a launcher, a root pom with the flags, sources, a data file
R="$T/root"
mkdir -p "$R/host/src/main/java" "$R/bindings/src/main/java" "$R/soft-kernel/src" "$T/lib" "$T/bin" "$T/jdk/fakejdk-17/bin"
cp "$LAUNCHER" "$R/pairgate"
write_pom() {
  printf '<project>\n  <properties>\n    <pairgate.jvm.flags>%s</pairgate.jvm.flags>\n  </properties>\n</project>\n' "$1" >"$R/pom.xml"
}
write_pom "-Dfake.flag=1 --add-opens=java.base/java.lang=ALL-UNNAMED"
echo 'class A { }' >"$R/host/src/main/java/A.java"
echo 'int x;' >"$R/soft-kernel/src/k.c"
: >"$T/lib/dep.jar"
: >"$T/lib/journal.jar"
head -c 100 /dev/zero >"$T/small.ptu"
# everything older than the first build
find "$R" "$T/lib" "$T/small.ptu" -exec touch -d '-1 hour' {} +

# --- stand-ins: mvn "builds" (class path, host jar, JNA's dispatch library); java logs its arguments
cat >"$T/bin/mvn" <<EOF
#!/usr/bin/env bash
echo "mvn \$*" >>"$T/mvn.log"
mkdir -p "$R/host/target/jna/com/sun/jna/linux-x86-64" "$R/host/target/jna/com/sun/jna/linux-aarch64"
printf '%s' "$T/lib/dep.jar:$T/lib/journal.jar" >"$R/host/target/classpath.txt"
printf '%s' "$T/lib/dep.jar" >"$R/host/target/classpath-analysis.txt"
: >"$R/host/target/pairgate-host-0.1.0.jar"
: >"$R/host/target/jna/com/sun/jna/linux-x86-64/libjnidispatch.so"
: >"$R/host/target/jna/com/sun/jna/linux-aarch64/libjnidispatch.so"
EOF
cat >"$T/jdk/fakejdk-17/bin/java" <<EOF
#!/usr/bin/env bash
n=\$(ls "$T" | grep -c '^java\.' || true)
printf '%s\n' "\$@" >"$T/java.\$((n + 1))"
for a in "\$@"; do
  case "\$a" in
    -XX:ArchiveRelocationMode=*) [ -z "\${FAKE_NO_RELOC:-}" ] || { echo "Unrecognized VM option" >&2; exit 1; } ;;
  esac
done
for a in "\$@"; do
  case "\$a" in
    -XX:DumpLoadedClassList=*) echo "A" >"\${a#-XX:DumpLoadedClassList=}" ;;
    -XX:SharedArchiveFile=*) case " \$* " in *" -Xshare:dump "*) echo "archive" >"\${a#-XX:SharedArchiveFile=}" ;; esac ;;
  esac
done
exit 0
EOF
chmod +x "$T/bin/mvn" "$T/jdk/fakejdk-17/bin/java"
export PATH="$T/bin:$T/jdk/fakejdk-17/bin:$PATH"
unset PAIRGATE_JAVA_OPTS PAIRGATE_CDS PAIRGATE_SMALL_FILE FAKE_NO_RELOC

mvn_calls() { [ -f "$T/mvn.log" ] && wc -l <"$T/mvn.log" || echo 0; }
java_calls() { ls "$T" | grep -c '^java\.' || true; }
last_java() { cat "$T/java.$(java_calls)"; }
has() { last_java | grep -qxF -- "$1"; }
hasnt() { ! has "$1"; }
run() { (cd "$T" && "$R/pairgate" "$@" >/dev/null 2>"$T/stderr") || { cat "$T/stderr"; return 1; }; }
ARCHIVE="$R/host/target/pairgate-cli-analyze-small-fakejdk-17.jsa"

# 1. first use: a build, then analyze's first run lists its classes and a dump JVM makes the archive
run analyze small.ptu --out o
check "first use builds" [ "$(mvn_calls)" = 1 ]
check "first run: a listing run and a dump" [ "$(java_calls)" = 2 ]
check "the archive is made" [ -s "$ARCHIVE" ]
check "with its flags file (the JVM took the relocation flag)" grep -qF -- "-XX:ArchiveRelocationMode=0" "$ARCHIVE.flags"
check "no flags cache before host/target exists" [ ! -e "$R/host/target/jvm-flags.txt" ]

# 2. second use: no build, one JVM that maps the archive with the flags
run analyze small.ptu --out o
check "no build while nothing changed" [ "$(mvn_calls)" = 1 ]
check "one JVM" [ "$(java_calls)" = 3 ]
check "it maps the archive" has "-XX:SharedArchiveFile=$ARCHIVE"
check "at its dump address" has "-XX:ArchiveRelocationMode=0"
check "diagnostic flags unlocked" has "-XX:+UnlockDiagnosticVMOptions"
check "the pom's flag" has "-Dfake.flag=1"
check "the pom's flags are cached" grep -qxF -- "-Dfake.flag=1 --add-opens=java.base/java.lang=ALL-UNNAMED" "$R/host/target/jvm-flags.txt"
# the cache is what later runs read (a flag only in the cache shows up), not the pom
echo "-Dfake.flag=1 -Dfrom.cache=1" >"$R/host/target/jvm-flags.txt"
run analyze small.ptu --out o
check "later runs read the cache, not the pom" has "-Dfrom.cache=1"
echo "-Dfake.flag=1 --add-opens=java.base/java.lang=ALL-UNNAMED" >"$R/host/target/jvm-flags.txt"
check "analyze without the module flags" hasnt "--add-opens=java.base/java.lang=ALL-UNNAMED"
case "${HOSTTYPE:-}" in
  x86_64) check "JNA's dispatch library from host/target/jna" has "-Djna.boot.library.path=$R/host/target/jna/com/sun/jna/linux-x86-64" ;;
  aarch64) check "JNA's dispatch library from host/target/jna" has "-Djna.boot.library.path=$R/host/target/jna/com/sun/jna/linux-aarch64" ;;
esac
check "no ldconfig for analyze (empty JNA platform path)" has "-Djna.platform.library.path="
check "C1 only for a small file" has "-XX:TieredStopAtLevel=1"
check "analyze on the analysis class path" has "$R/host/target/pairgate-host-0.1.0.jar:$T/lib/dep.jar"

# 3. another command keeps the module flags and JNA's platform path
run simulate --out o
check "simulate: the module flags" has "--add-opens=java.base/java.lang=ALL-UNNAMED"
check "simulate: the full class path" has "$R/host/target/pairgate-host-0.1.0.jar:$T/lib/dep.jar:$T/lib/journal.jar"
check "simulate: JNA's own platform path" bash -c "! grep -q '^-Djna.platform.library.path' '$T/java.$(java_calls)'"

# 4. a source newer than the stamp: build again, and the archive is made again
sleep 0.05
touch "$R/soft-kernel/src/k.c"
run analyze small.ptu --out o
check "a changed C source rebuilds" [ "$(mvn_calls)" = 2 ]
check "and the archive is made again (listing + dump)" [ "$(last_java | grep -c '^-Xshare:dump$')" = 1 ]
sleep 0.05
touch "$R/host/src/main/java/A.java"
run analyze small.ptu --out o
check "a changed Java source rebuilds" [ "$(mvn_calls)" = 3 ]
run analyze small.ptu --out o
check "then no build again" [ "$(mvn_calls)" = 3 ]

# 5. the pom changes its flags: a build, and the cache follows the pom
sleep 0.05
write_pom "-Dfake.flag=2"
run analyze small.ptu --out o
check "a changed pom rebuilds" [ "$(mvn_calls)" = 4 ]
run analyze small.ptu --out o
check "the new flag is used" has "-Dfake.flag=2"
check "the old one is not" hasnt "-Dfake.flag=1"
check "the cache holds the new flags" grep -qxF -- "-Dfake.flag=2" "$R/host/target/jvm-flags.txt"

# 6. a JVM that refuses the relocation flag: the archive is dumped without it and no flags file is kept
rm -f "$ARCHIVE" "$ARCHIVE.flags"
FAKE_NO_RELOC=1 run analyze small.ptu --out o
check "the archive without the relocation flag" [ -s "$ARCHIVE" ]
check "and no flags file" [ ! -e "$ARCHIVE.flags" ]
FAKE_NO_RELOC=1 run analyze small.ptu --out o
check "later runs map it without the flag" hasnt "-XX:ArchiveRelocationMode=0"
check "but map it" has "-XX:SharedArchiveFile=$ARCHIVE"

# 7. a file over PAIRGATE_SMALL_FILE keeps the tiered JIT
PAIRGATE_SMALL_FILE=50 run analyze small.ptu --out o
check "a large file: tiered JIT" hasnt "-XX:TieredStopAtLevel=1"

# 8. the one `find` of a CLI run: a data file newer than the build stamp is not a changed source,
#    a big data file is still seen with a source newer than the stamp in the same run
run analyze small.ptu --out o
n_mvn="$(mvn_calls)"
touch "$T/small.ptu"
run analyze small.ptu --out o
check "a data file newer than the stamp does not rebuild" [ "$(mvn_calls)" = "$n_mvn" ]
sleep 0.05
touch "$R/host/src/main/java/A.java"
PAIRGATE_SMALL_FILE=50 run analyze small.ptu --out o
check "a source and a big file in one run: rebuilt" [ "$(mvn_calls)" = "$((n_mvn + 1))" ]
check "and tiered JIT" hasnt "-XX:TieredStopAtLevel=1"
head -c 300 /dev/zero >"$T/big.ptu"
PAIRGATE_SMALL_FILE=200 run analyze small.ptu big.ptu --out o
check "one big file of two: tiered JIT" hasnt "-XX:TieredStopAtLevel=1"
PAIRGATE_SMALL_FILE=301 run analyze small.ptu big.ptu --out o   # (the rebuild removed the archive: made here)
PAIRGATE_SMALL_FILE=301 run analyze small.ptu big.ptu --out o
check "both small: C1 only" has "-XX:TieredStopAtLevel=1"

# 9. the archive is made again when a jar of the class path is newer than it (bash's -nt)
run analyze small.ptu --out o
n_java="$(java_calls)"
sleep 0.05
touch "$T/lib/dep.jar"
run analyze small.ptu --out o
check "a newer jar: listing run and dump again" [ "$(java_calls)" = "$((n_java + 2))" ]
run analyze small.ptu --out o
check "then mapped again" [ "$(java_calls)" = "$((n_java + 3))" ] && has "-XX:SharedArchiveFile=$ARCHIVE"

# 10. java's binary is resolved once (java-bin.txt) and again when PATH's java is another file
check "java's binary cached" grep -qxF -- "$T/jdk/fakejdk-17/bin/java" "$R/host/target/java-bin.txt"
mkdir -p "$T/jdk/fakejdk-21/bin" "$T/bin21"
cp "$T/jdk/fakejdk-17/bin/java" "$T/jdk/fakejdk-21/bin/java"
ln -s "$T/jdk/fakejdk-21/bin/java" "$T/bin21/java"
PATH="$T/bin21:$PATH" run analyze small.ptu --out o
PATH="$T/bin21:$PATH" run analyze small.ptu --out o
check "another JDK behind a link: its own archive" has "-XX:SharedArchiveFile=$R/host/target/pairgate-cli-analyze-small-fakejdk-21.jsa"
ln -sfn "$T/jdk/fakejdk-17/bin/java" "$T/bin21/java"
PATH="$T/bin21:$PATH" run analyze small.ptu --out o
check "the link switched back: the first JDK's archive" has "-XX:SharedArchiveFile=$ARCHIVE"

# 11. the root as `cd && pwd` gives it, however the launcher is named
(cd "$T" && ./root/../root/./pairgate analyze small.ptu --out o >/dev/null 2>&1)
check "an unclean relative name: a clean root" has "-Dpairgate.root=$R"
(cd "$R" && ./pairgate analyze ../small.ptu --out o >/dev/null 2>&1)
check "./pairgate: the root is the current directory" has "-Dpairgate.root=$R"
check "and the relative file is kept as given" has "../small.ptu"

echo "$fails check(s) failed"
[ "$fails" = 0 ]
