package io.robovis.webhook.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF guard's rule, applied to the address a delivery is about to connect to (after DNS, at
 * connect time): loopback, link-local (169.254.0.0/16, where cloud metadata lives), unspecified,
 * multicast and private or unique-local addresses are refused unless the operator allows their
 * range ({@code ROBOVIS_WEBHOOK_ALLOWED_CIDRS}, e.g. {@code 10.20.0.0/16,127.0.0.1/32}). Air-gapped
 * sites usually deliver to private addresses: allowing those ranges is their choice.
 */
public final class TargetAddressPolicy {

    private final List<Cidr> allowed;

    public TargetAddressPolicy(List<String> allowedCidrs) {
        this.allowed =
                allowedCidrs.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(Cidr::parse)
                        .toList();
    }

    /** Why the address is refused, or null when a delivery may connect to it. */
    public String refusal(InetAddress address) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(address)) {
                return null;
            }
        }
        if (address.isLoopbackAddress()) {
            return "loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local address (cloud metadata lives there)";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified address";
        }
        if (address.isMulticastAddress()) {
            return "multicast address";
        }
        if (address.isSiteLocalAddress() || isUniqueLocal(address) || isCarrierGradeNat(address)) {
            return "private address (allow its range with ROBOVIS_WEBHOOK_ALLOWED_CIDRS)";
        }
        return null;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64;
    }

    /** An address range in CIDR notation, IPv4 or IPv6. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            try {
                // IP literals only: a host name here would mean a DNS look-up
                if (!parts[0].matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException("not an IP address");
                }
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("prefix out of range");
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "ROBOVIS_WEBHOOK_ALLOWED_CIDRS: '"
                                + text
                                + "' is not a CIDR such as 10.0.0.0/8",
                        e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
