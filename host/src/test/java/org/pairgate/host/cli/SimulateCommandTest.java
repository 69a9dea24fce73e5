package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.ExperimentSource;
import org.pairgate.host.physics.Mode;

/** {@code pairgate simulate}: a PTU file that the reader returns tag for tag and {@code analyze} accepts. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void theFileRoundTripsThroughTheReaderAndAnalyze() throws IOException {
        final Path ptu = dir.resolve("sim.ptu");
        final CliRun r = CliRun.of("simulate", "--preset", "paper", "--trials", "300000", "--delta-t", "150ns",
            "--mode", "full", "--seed", "5", "--out", ptu.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("analyze with: pairgate analyze"), r.out());

        final ExperimentModel model = ExperimentModel.paper().toBuilder().trials(300_000).deltaTPs(150_000).mode(Mode.FULL).build();
        final long[] expected = tags(new ExperimentSource(model, 5));
        try (PtuT2Reader reader = PtuT2Reader.open(ptu)) {
            assertEquals(1.0, reader.resolutionPs());
            final long[] read = tags(reader);
            assertEquals(expected.length, read.length);
            assertTrue(Arrays.equals(expected, read), "the file's tags differ from the source's");
        }

        // the analyze line the command prints, run as printed
        final String line = r.out().substring(r.out().indexOf("pairgate analyze ") + "pairgate analyze ".length()).strip();
        final List<String> args = new ArrayList<>(List.of("analyze"));
        args.addAll(List.of(line.replace("--out DIR", "--out " + dir.resolve("report")).split(" ")));
        final CliRun a = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, a.exit(), a.err());
        final JsonNode json = new ObjectMapper().readTree(dir.resolve("report").resolve("report.json").toFile());
        assertEquals(300_000, json.get("trials").asLong());
        assertTrue(json.get("accounting").get("balanced").asBoolean());
    }

    private static long[] tags(final org.pairgate.host.io.TagSource source) throws IOException {
        final TagBatch batch = new TagBatch(1 << 14);
        long[] out = new long[1 << 16];
        int size = 0;
        int k;
        while ((k = source.read(batch)) > 0) {
            for (int i = 0; i < k; i++) {
                if (size + 2 > out.length) {
                    out = Arrays.copyOf(out, 2 * out.length);
                }
                out[size++] = batch.time(i);
                out[size++] = batch.channel(i);
            }
        }
        return Arrays.copyOf(out, size);
    }

    @Test
    void everyModeWritesAFile() {
        for (final Mode m : Mode.values()) {
            final Path ptu = dir.resolve(m.cliName() + ".ptu");
            final CliRun r = CliRun.of("simulate", "--trials", "1000", "--mode", m.cliName(), "--out", ptu.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.isRegularFile(ptu));
        }
    }

    @Test
    void badArgumentsAreUsageErrorsOnOneLine() {
        final String out = dir.resolve("x.ptu").toString();
        for (final String[] args : new String[][] {
            {"simulate", "--mode", "green", "--out", out},
            {"simulate", "--preset", "nature", "--out", out},
            {"simulate", "--trials", "0", "--out", out},
            {"simulate", "--delta-t", "30", "--out", out}}) {
            final CliRun r = CliRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.oneErrorLine(), r.err());
        }
    }
}
