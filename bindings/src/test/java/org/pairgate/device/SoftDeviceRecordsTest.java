package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Trial records of the soft model (docs/frame-format.md "Trial records"), checked by hand: the
 * differential test holds soft and rtl to the same records, so these pin down what both must do:
 * the words of a record, no record for empty trials (bulk runs included), the drop rule of the
 * ring + FIFO queue, RECORDS_ENABLE bit 0, what CTRL_RESET clears, and frames untouched.
 */
class SoftDeviceRecordsTest {
    private static final int SYNC = 0;
    private static final int DET0 = 1;
    private static final int DET1 = 2;

    /** W=2 D=2 K=8 B=256: windows [0, 100) and [100, 200), detectors on channels 1 and 2, records on. */
    private static SoftDevice device(final int recordCapacity) {
        final SoftDevice d = new SoftDevice(2, 2, 8, 256, 4, recordCapacity);
        d.writeRegister(PgMap.REG_SYNC_CHANNEL, SYNC);
        d.writeRegister(PgMap.REG_DET_CHANNEL, DET0);
        d.writeRegister(PgMap.REG_DET_CHANNEL + 1, DET1);
        d.writeRegister(PgMap.REG_WIN_START, 0);
        d.writeRegister(PgMap.REG_WIN_LENGTH, 100);
        d.writeRegister(PgMap.REG_WIN_START + 1, 100);
        d.writeRegister(PgMap.REG_WIN_LENGTH + 1, 100);
        d.writeRegister(PgMap.REG_RECORDS_ENABLE, 1);
        return d;
    }

    /** Pushes (time, channel, count) triples. */
    private static void push(final Device d, final long... tcn) {
        final TagBatch b = new TagBatch(tcn.length / 3);
        for (int i = 0; i < tcn.length; i += 3) {
            b.add(tcn[i], (int) tcn[i + 1], tcn[i + 2]);
        }
        assertEquals(b.size(), d.push(b, 0, b.size()));
    }

    /** {@code trials} trials 1000 ticks apart from t0, each with a click of detector 0 in window 0. */
    private static void clickyTrials(final Device d, final long t0, final int trials) {
        final TagBatch b = new TagBatch(2 * trials);
        for (int i = 0; i < trials; i++) {
            b.add(t0 + 1000L * i, SYNC);
            b.add(t0 + 1000L * i + 10, DET0);
        }
        assertEquals(b.size(), d.push(b, 0, b.size()));
    }

    private static List<long[]> readAll(final Device d) {
        final int words = d.recordLayout().recordWords;
        final long[] buf = new long[5 * words];
        final List<long[]> out = new ArrayList<>();
        for (int n; (n = d.readRecords(buf)) > 0; ) {
            for (int i = 0; i < n; i += words) {
                out.add(Arrays.copyOfRange(buf, i, i + words));
            }
        }
        return out;
    }

    @Test
    void recordWordsHandChecked() {
        final SoftDevice d = device(1024);
        d.writeRegister(PgMap.REG_BIN_TICKS, 10);
        d.writeRegister(PgMap.REG_SYNC_DELAY, -5);
        // trial 0 (sync 995): detector 0 at 1020 in window 0 (bin 2), detector 1 at 1130 in window 1
        // (rel 35, bin 3); trial 1: empty; trial 2 (sync 2995): detector 1 at 3000 in window 0 (bin 0)
        push(d, 1000, SYNC, 1, 1020, DET0, 1, 1130, DET1, 1, 2000, SYNC, 1, 3000, SYNC, 1, 3000, DET1, 1, 4000, SYNC, 1);
        final PgMap.RecordLayout rl = d.recordLayout();
        assertEquals(7, rl.recordWords, "3 + W*D");
        assertEquals(2, d.readRegister(PgMap.REG_RECORDS_MADE));
        assertEquals(2, d.recordsPending());
        final List<long[]> r = readAll(d);
        assertEquals(2, r.size());
        assertArrayEquals(new long[] {0, 995, 0b1001, 2, 0, 0, 3}, r.get(0));
        assertArrayEquals(new long[] {2, 2995, 0b0010, 0, 0, 0, 0}, r.get(1));
        assertEquals(0, d.recordsPending());
        assertEquals(0, d.readRecords(new long[rl.recordWords]), "no record: 0");
    }

    @Test
    void bulkSyncRunsMakeNoRecordsAndTheIndexShowsTheGap() {
        final SoftDevice d = device(1024);
        clickyTrials(d, 0, 3);
        push(d, 3000 + 999_999L * 1000, SYNC, 1_000_000); // closes trial 2, then 999_999 empty trials
        clickyTrials(d, 1_000_003_000L, 2);               // closes the run's last (empty) trial, then one clicky
        final List<long[]> r = readAll(d);
        assertEquals(4, r.size());
        assertEquals(4, d.readRegister(PgMap.REG_RECORDS_MADE));
        assertEquals(2, r.get(2)[0]);
        assertEquals(3 + 1_000_000, r.get(3)[0], "trial index after 1 + 999_999 empty trials");
        assertEquals(1_000_003_000L, r.get(3)[1]);
    }

    @Test
    void dropsExactlyWhenRingAndFifoAreFull() {
        final SoftDevice d = device(3);
        final int fifo = PgMap.RECORD_FIFO_DEPTH;
        clickyTrials(d, 0, 3 + fifo + 11); // 3 + fifo + 10 closed trials
        assertEquals(3 + fifo + 10, d.readRegister(PgMap.REG_RECORDS_MADE));
        assertEquals(10, d.readRegister(PgMap.REG_RECORDS_DROPPED));
        assertEquals(3, d.recordsPending(), "the ring shows its capacity; the FIFO holds the rest");
        final int words = d.recordLayout().recordWords;
        final long[] two = new long[2 * words + words - 1];
        assertEquals(2 * words, d.readRecords(two));
        assertEquals(0, two[0]);
        assertEquals(1, two[words]);
        assertEquals(3, d.recordsPending(), "FIFO records moved into the freed slots");
        clickyTrials(d, 1_000_000, 3); // closes the open trial and two more: two fit, one drops
        assertEquals(11, d.readRegister(PgMap.REG_RECORDS_DROPPED));
        final List<long[]> r = readAll(d);
        assertEquals(1 + fifo + 2, r.size());
        for (int i = 0; i < 1 + fifo; i++) {
            assertEquals(2 + i, r.get(i)[0], "oldest records kept, in trial order");
        }
        assertEquals(3 + fifo + 10, r.get(1 + fifo)[0], "the trial open while the FIFO was drained");
        assertEquals(DeviceException.ESMALL, assertThrows(DeviceException.class, () -> d.readRecords(new long[words - 1])).code());
    }

    @Test
    void enableIsBitZeroAndRecordsAreMadeAtTheClose() {
        final SoftDevice d = device(1024);
        d.writeRegister(PgMap.REG_RECORDS_ENABLE, 0);
        clickyTrials(d, 0, 5);
        assertEquals(0, d.readRegister(PgMap.REG_RECORDS_MADE));
        d.writeRegister(PgMap.REG_RECORDS_ENABLE, 0xFFFF_FFFF_FFFF_FFFEL);
        assertEquals(0, d.readRegister(PgMap.REG_RECORDS_ENABLE), "bit 0 only");
        clickyTrials(d, 10_000, 5);
        assertEquals(0, d.recordsPending());
        d.writeRegister(PgMap.REG_RECORDS_ENABLE, 3);
        assertEquals(1, d.readRegister(PgMap.REG_RECORDS_ENABLE));
        clickyTrials(d, 20_000, 2);
        final List<long[]> r = readAll(d);
        assertEquals(2, r.size());
        assertEquals(9, r.get(0)[0], "the trial open when records were enabled closes with a record");
    }

    @Test
    void resetClearsTheCountersButKeepsRecordsMade() {
        final SoftDevice d = device(2);
        clickyTrials(d, 0, 30);
        assertTrue(d.readRegister(PgMap.REG_RECORDS_DROPPED) > 0);
        d.reset();
        assertEquals(0, d.readRegister(PgMap.REG_RECORDS_MADE));
        assertEquals(0, d.readRegister(PgMap.REG_RECORDS_DROPPED));
        assertEquals(1, d.readRegister(PgMap.REG_RECORDS_ENABLE), "configuration stays");
        assertEquals(2, d.recordsPending());
        final List<long[]> before = readAll(d);
        assertEquals(2 + PgMap.RECORD_FIFO_DEPTH, before.size());
        assertEquals(PgMap.RECORD_FIFO_DEPTH + 1, before.get(PgMap.RECORD_FIFO_DEPTH + 1)[0], "last one kept before the reset");
        clickyTrials(d, 0, 4);
        final List<long[]> after = readAll(d);
        assertEquals(3, after.size());
        assertEquals(0, after.get(0)[0], "indices restart at the reset");
        assertEquals(0, d.readRegister(PgMap.REG_RECORDS_DROPPED));
    }

    @Test
    void framesAreTheSameWithRecordsAndDrops() {
        long made = 0;
        long dropped = 0;
        for (int seed = 0; seed < 20; seed++) {
            final Scenario s = Scenario.random(seed, 2, 2);
            s.writes.removeIf(w -> w[0] == PgMap.REG_RECORDS_ENABLE);
            s.events.removeIf(e -> e[1] == PgMap.REG_RECORDS_ENABLE);
            s.records = false;
            final List<long[]> plain = s.run(new SoftDevice(2, 2, 8, 256, s.ringFrames, 1)).frames();
            s.records = true;
            s.writes.add(new long[] {PgMap.REG_RECORDS_ENABLE, 1});
            final SoftDevice tiny = new SoftDevice(2, 2, 8, 256, s.ringFrames, 1);
            final Scenario.Result withRecords = s.run(tiny);
            FrameDiff.assertSame(s.toString(), tiny.layout(), "records", withRecords.frames(), "plain", plain);
            dropped += tiny.readRegister(PgMap.REG_RECORDS_DROPPED);
            made += withRecords.records().size();
        }
        assertTrue(made > 20 && dropped > 100, "records read " + made + ", dropped " + dropped);
    }
}
