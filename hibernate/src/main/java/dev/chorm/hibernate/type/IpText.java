package dev.chorm.hibernate.type;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals, parsed without ever asking DNS (which {@code InetAddress.getByName} does for other text). */
final class IpText {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpText() {
    }

    /** Whether {@code text} is a dotted-quad IPv4 literal. */
    static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    /** Whether {@code text} is an IPv4 or IPv6 literal. */
    static boolean isIp(String text) {
        try {
            parse(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The address of an IPv4 or IPv6 literal. */
    static InetAddress parse(String text) throws UnknownHostException {
        String trimmed = text.strip();
        if (isIpv4(trimmed)) {
            return InetAddress.getByName(trimmed);
        }
        // text with a colon and only hex digits, dots and colons is a literal to java.net: no DNS lookup
        if (trimmed.indexOf(':') >= 0 && IPV6_CHARS.matcher(trimmed).matches()) {
            return InetAddress.getByName(trimmed);
        }
        throw new UnknownHostException("not an IP address literal: '" + text + "'");
    }

    /** The IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d}. */
    static Inet6Address mapped(Inet4Address address) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        try {
            return Inet6Address.getByAddress(null, mapped, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
