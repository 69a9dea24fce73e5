package org.pairgate.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pairgate.host.journal.JournalWriter;

/**
 * A Chronicle Queue append of one frame through the run journal's {@link JournalWriter.FrameAppender}
 * (frame words copied into the memory-mapped queue file, an excerpt completed every
 * {@code framesPerExcerpt} frames: 1 = the worst case, 32 = the pipeline's batch at full rate).
 * Frames of 600 words (about the bench shape's 4.8 kB). A fresh journal per iteration, deleted
 * after it, so the disk does not fill. Score: frames per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// the forked JVM inherits the host JVM's flags (./pairgate adds the Chronicle ones from pom.xml)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Djna.nosys=true"})
public class ChronicleAppendBench {
    static final int WORDS = 600;

    @Param({"1", "32"})
    public int framesPerExcerpt;

    private Path dir;
    private JournalWriter journal;
    private JournalWriter.FrameAppender appender;
    private final long[] frame = new long[WORDS];

    @Setup(Level.Iteration)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("pairgate-jmh-journal");
        journal = JournalWriter.create(dir.resolve("journal"), WORDS);
        appender = journal.frames(framesPerExcerpt);
        for (int i = 0; i < WORDS; i++) {
            frame[i] = i;
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
        appender.close();
        journal.close();
        try (var walk = Files.walk(dir)) {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long append() {
        frame[0]++;
        appender.append(frame);
        return appender.frames();
    }
}
