package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.Command;

/**
 * The subcommands are registered lazily (start-up, issue 15): the table's names are the ones
 * the commands declare, the top-level help still lists every one in the table's order, a named
 * subcommand runs and shows its own help, and a misspelt one is still a usage error naming it.
 */
class PairgateCliTest {
    @Test
    void tableNamesAreTheCommandsOwnNames() {
        final List<String> names = new ArrayList<>();
        for (final Map.Entry<String, Class<?>> e : PairgateCli.SUBCOMMANDS) {
            final Command c = e.getValue().getAnnotation(Command.class);
            assertEquals(c.name(), e.getKey(), e.getValue().getSimpleName());
            names.add(e.getKey());
        }
        assertEquals(List.of("analyze", "demo", "validate-shared", "info", "correlate", "find-delay", "acquire", "replay",
            "simulate", "view"), names);
    }

    @Test
    void topLevelHelpListsEverySubcommandInOrder() {
        final CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit(), r.err());
        int at = -1;
        for (final Map.Entry<String, Class<?>> e : PairgateCli.SUBCOMMANDS) {
            final int i = r.out().indexOf("\n  " + e.getKey() + " ");
            assertTrue(i > at, e.getKey() + " listed after the one before it:\n" + r.out());
            at = i;
        }
    }

    @Test
    void namedSubcommandShowsItsOwnHelp() {
        final CliRun r = CliRun.of("analyze", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: pairgate analyze "), r.out());
    }

    @Test
    void misspeltSubcommandIsAUsageError() {
        final CliRun r = CliRun.of("analyse", "x.ptu");
        assertEquals(PairgateCli.EXIT_USAGE, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("analyse"), r.err());
    }
}
