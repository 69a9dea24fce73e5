package org.pairgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's paths on tiny inputs, in this JVM (a few seconds): data, baseline, decode, soft, T3, acquire. */
class HarnessSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyPathRunsOnTinyInputsAndCountsTheSameRecords() throws Exception {
        final Path t2 = dir.resolve("t2.ptu");
        final long records = BenchData.writeT2(t2, 20_000, 1);
        assertTrue(records >= 20_000 && records < 20_010, "records " + records);
        final Path t3 = dir.resolve("t3.ptu");
        final long t3Records = BenchData.writeT3(t3, 200_000, 3);
        assertTrue(t3Records > 0);

        final Worker.Iteration base = one("baseline", t2);
        assertEquals(records, base.records());
        final Worker.Iteration decode = one("decode", t2);
        assertEquals(records, decode.records());
        final Worker.Iteration soft = one("soft", t2);
        assertEquals(records, soft.records());
        assertEquals(decode.tags(), soft.tags(), "every decoded tag reaches the core's accounting");
        assertTrue(soft.trials() > 6_000, "trials " + soft.trials());
        final Worker.Iteration tenK = one("soft-10k", t2);
        assertEquals(soft.tags(), tenK.tags(), "the frame cadence changes no tag count");
        final Worker.Iteration two = one("soft-2cores", t2);
        assertEquals(soft.tags(), two.tags(), "two cores count the tags of one");
        assertEquals(soft.extra().get("stat_trials"), two.extra().get("stat_trials"), "two cores close the trials of one");
        final Worker.Iteration model = one("soft-model", t2);
        assertEquals(soft.tags(), model.tags(), "the fast path and the model count the same tags");
        assertEquals(soft.trials(), model.trials(), "the fast path and the model close the same trials");
        final Worker.Iteration correlate = one("correlate", t2);
        assertEquals(records, correlate.records());
        assertTrue(((Number) correlate.extra().get("pairs")).longValue() > 0, "pairs in ±500 ns");
        final Worker.Iteration correlate2 = one("correlate-2cores", t2);   // tiny file: under MIN_RECORDS, one core
        assertEquals(records, correlate2.records());
        assertEquals(correlate.extra().get("pairs"), correlate2.extra().get("pairs"), "the same pairs");
        final Worker.Iteration correlateJava = one("correlate-java", t2);
        assertEquals("java", correlateJava.extra().get("kernel"));
        assertEquals(correlate.extra().get("pairs"), correlateJava.extra().get("pairs"), "the same pairs, either kernel");
        assertEquals(one("correlate-auto", t2).extra().get("pairs"), one("correlate-auto-java", t2).extra().get("pairs"),
            "A = B: the same pairs, either kernel");

        final Worker.Iteration t3Run = one("t3", t3);
        // the file reaches its last record's period: at most one overflow period (1024) short of 200000
        final long t3Trials = ((Number) t3Run.extra().get("stat_trials")).longValue();
        assertTrue(t3Trials > 200_000 - 2048 && t3Trials < 200_000, "T3 trials " + t3Trials);
        assertEquals(t3Trials + 1, t3Run.trials(), "sync periods = complete trials + the open last one");
        assertEquals(one("baseline", t3).records(), t3Run.records());
        final Worker.Iteration t3Singles = one("t3-singles", t3);
        assertEquals(t3Run.extra().get("stat_trials"), t3Singles.extra().get("stat_trials"), "sync runs change no trial");
        assertEquals(t3Run.tags(), t3Singles.tags(), "sync runs change no tag count");

        final Worker.Iteration acquire = one("acquire", t2);
        assertEquals(soft.tags(), acquire.tags());
        assertEquals(soft.extra().get("stat_trials"), acquire.trials());
        assertTrue(((Number) acquire.extra().get("lat_frames")).longValue() >= 1);
        // the live path: the MultiHarp stand-in replaying the file at its recorded rate, statistics on the device thread
        final Worker.Iteration live = one("acquire-live", t2);
        assertEquals(soft.tags(), live.tags());
        assertEquals(soft.extra().get("stat_trials"), live.trials());
        assertEquals("device", live.extra().get("statistics"));
        assertTrue(Worker.vmHwmKb() != 0);
    }

    private Worker.Iteration one(final String path, final Path file) throws Exception {
        final List<Worker.Iteration> its = Worker.run(path, file, 0, 1, 0, dir.resolve("scratch-" + path));
        assertEquals(1, its.size());
        return its.get(0);
    }
}
