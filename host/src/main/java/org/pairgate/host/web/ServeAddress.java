package org.pairgate.host.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The {@code --serve [ADDR:]PORT} argument: a port alone listens on 127.0.0.1 (this computer
 * only); another address only when written out ({@code 0.0.0.0:8642}, {@code [::]:8642},
 * {@code 192.168.1.5:8642}), and then {@link #notice()} says so. Port 0 picks a free port.
 */
public record ServeAddress(InetSocketAddress address, boolean explicitAddress) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Parses the argument; an IllegalArgumentException carries a one-line reason. */
    public static ServeAddress parse(final String spec) {
        final String s = spec.trim();
        final int colon = s.lastIndexOf(':');
        final String host;
        final String port;
        if (colon < 0) {
            host = null;
            port = s;
        } else {
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.isEmpty() || host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
                throw new IllegalArgumentException("--serve " + spec + ": expected [ADDR:]PORT (an IPv6 address in brackets, [::1]:8642)");
            }
        }
        final int p;
        try {
            p = Integer.parseInt(port);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("--serve " + spec + ": the port is not a number: " + port);
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("--serve " + spec + ": port outside 0..65535");
        }
        final String name = host == null ? DEFAULT_HOST : host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            return new ServeAddress(new InetSocketAddress(InetAddress.getByName(name), p), host != null);
        } catch (final UnknownHostException e) {
            throw new IllegalArgumentException("--serve " + spec + ": unknown address " + name);
        }
    }

    /**
     * The stderr line for an address given explicitly (null for the default): who can reach the
     * view, since it has no authentication.
     */
    public String notice() {
        if (!explicitAddress) {
            return null;
        }
        final InetAddress a = address.getAddress();
        return a.isLoopbackAddress()
            ? "live view: listening on " + a.getHostAddress() + " (this computer only), as --serve asked"
            : "live view: listening on " + a.getHostAddress() + (a.isAnyLocalAddress() ? " (every interface)" : "")
                + ", as --serve asked: anyone who can reach this address can read the view (read-only, no authentication)";
    }
}
