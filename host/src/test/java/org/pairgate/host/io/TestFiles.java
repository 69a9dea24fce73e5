package org.pairgate.host.io;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.pairgate.device.TagBatch;

/** Bundled real files and helpers to read a whole source into arrays (tests only). */
final class TestFiles {
    private TestFiles() {
    }

    static Path resource(final String name) {
        try {
            return Path.of(TestFiles.class.getResource(name).toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path v30() {
        return resource("/ptu/v30_t2.ptu");
    }

    /** Every tag of {@code source}: times and channels. */
    record Tags(long[] times, int[] channels) {
        int size() {
            return times.length;
        }
    }

    static Tags readAll(final TagSource source, final int batchSize) throws IOException {
        final TagBatch batch = new TagBatch(batchSize);
        final List<long[]> times = new ArrayList<>();
        final List<int[]> channels = new ArrayList<>();
        int total = 0;
        int n;
        while ((n = source.read(batch)) > 0) {
            final long[] t = new long[n];
            final int[] c = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = batch.time(i);
                c[i] = batch.channel(i);
            }
            times.add(t);
            channels.add(c);
            total += n;
        }
        final long[] allTimes = new long[total];
        final int[] allChannels = new int[total];
        int at = 0;
        for (int k = 0; k < times.size(); k++) {
            System.arraycopy(times.get(k), 0, allTimes, at, times.get(k).length);
            System.arraycopy(channels.get(k), 0, allChannels, at, channels.get(k).length);
            at += times.get(k).length;
        }
        return new Tags(allTimes, allChannels);
    }
}
