package org.pairgate.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The uPlot WebJar's version, read from the WebJar itself (the pom is its one source). */
final class Versions {
    static final String UPLOT = webjar("uplot");

    private Versions() {
    }

    private static String webjar(final String name) {
        final String resource = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the " + name + " WebJar is not on the classpath (" + resource + ")");
            }
            final Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
