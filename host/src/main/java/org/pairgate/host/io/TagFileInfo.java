package org.pairgate.host.io;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.pairgate.device.TagBatch;

/**
 * What {@code pairgate info} reports about a file, found by decoding it completely (T3 without
 * synthesising sync tags, so even a file of a billion empty periods is one pass over its records).
 *
 * <p>{@link #inspect} is also the code path the fuzz test drives: for any input it either returns
 * or throws an {@link IOException} with a message.
 *
 * @param path             the file
 * @param format           see {@link TagFile#format()}
 * @param mode             T2 or T3
 * @param recordType       see {@link TagFile#recordTypeName()}
 * @param records          records in the file
 * @param declaredRecords  records the header declares, -1 when it does not say
 * @param resolutionPs     T2: the tick; T3: the dtime bin
 * @param tickPs           picoseconds per tick of the tags pairgate yields
 * @param events           channel to photons/clicks, channels with none left out
 * @param header           header fields, values as text-friendly Java objects
 * @param syncPeriods      T3: sync periods (trials), else -1
 * @param emptyPeriods     T3: periods without a photon, else -1
 * @param syncPeriodPs     T3: the sync period used for absolute times, else -1
 * @param tags             tags yielded (without T3 sync tags)
 * @param firstTick        time of the first tag in ticks (0 when none)
 * @param lastTick         time of the last tag in ticks (0 when none)
 */
public record TagFileInfo(
    Path path,
    String format,
    String mode,
    String recordType,
    long records,
    long declaredRecords,
    double resolutionPs,
    double tickPs,
    Map<Integer, Long> events,
    Map<String, Object> header,
    long syncPeriods,
    long emptyPeriods,
    double syncPeriodPs,
    long tags,
    long firstTick,
    long lastTick) {

    /** Decodes {@code path} completely. */
    public static TagFileInfo inspect(final Path path) throws IOException {
        final TagBatch batch = new TagBatch(1 << 14);
        try (TagFile file = TagSources.open(path, false)) {
            long first = 0;
            long last = 0;
            long tags = 0;
            int n;
            while ((n = file.read(batch)) > 0) {
                if (tags == 0) {
                    first = batch.time(0);
                }
                tags += batch.tags();   // tags, not words: the same while readers write single tags
                last = batch.time(n - 1);
            }
            final Map<Integer, Long> events = new LinkedHashMap<>();
            for (int ch = 0; ch <= TagFile.MAX_CHANNEL; ch++) {
                final long count = file.events(ch);
                if (count != 0) {
                    events.put(ch, count);
                }
            }
            final Map<String, Object> header = new LinkedHashMap<>();
            for (final Map.Entry<String, Object> e : file.headerFields().entrySet()) {
                final Object v = e.getValue();
                header.put(e.getKey(), v instanceof Instant || v instanceof PtuHeader.Opaque ? v.toString() : v);
            }
            final double tick = file.resolutionPs();
            double resolution = tick;
            long periods = -1;
            long empty = -1;
            double period = -1;
            if (file instanceof PtuT3Reader t3) {
                resolution = t3.dtimeTicks() * tick;
                periods = t3.syncPeriods();
                empty = t3.emptyPeriods();
                period = t3.periodTicks() * tick;
            }
            return new TagFileInfo(path, file.format(), file.mode(), file.recordTypeName(), file.recordsRead(),
                file.declaredRecords(), resolution, tick, Collections.unmodifiableMap(events),
                Collections.unmodifiableMap(header), periods, empty, period, tags, first, last);
        }
    }

    /**
     * The header's record count against what the file holds, as a message, or null when they agree
     * (or the header does not say). Fewer records than declared already failed {@link #inspect}.
     */
    public String recordCountDiscrepancy() {
        if (declaredRecords < 0 || declaredRecords == records) {
            return null;
        }
        return path + ": the header declares " + declaredRecords + " records but the file holds " + records
            + (declaredRecords == 0 ? " (count never patched?)" : " (garbage after the records, or a stale count?)");
    }
}
