package io.robovis.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the SSRF guard refuses by default, and what the operator's ranges let through. */
class TargetAddressPolicyTests {

    final TargetAddressPolicy byDefault = new TargetAddressPolicy(List.of());

    @ParameterizedTest(name = "{0} is refused by default")
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "::1",
                "169.254.169.254",
                "fe80::1",
                "0.0.0.0",
                "::",
                "224.0.0.1",
                "10.1.2.3",
                "172.16.0.9",
                "192.168.1.20",
                "fd00::7",
                "100.64.0.1"
            })
    void nonRoutableAndPrivateTargetsAreRefusedByDefault(String address) throws Exception {
        assertThat(byDefault.refusal(InetAddress.getByName(address))).isNotNull();
    }

    @ParameterizedTest(name = "{0} is a public address")
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "2001:4860:4860::8888",
                "172.32.0.1",
                "100.128.0.1"
            })
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(byDefault.refusal(InetAddress.getByName(address))).isNull();
    }

    @ParameterizedTest(name = "with {0}: {1} allowed = {2}")
    @CsvSource({
        "10.20.0.0/16, 10.20.3.4, true",
        "10.20.0.0/16, 10.21.3.4, false",
        "127.0.0.1/32, 127.0.0.1, true",
        "127.0.0.1/32, 127.0.0.2, false",
        "192.168.0.0/23, 192.168.1.200, true",
        "192.168.0.0/23, 192.168.2.1, false",
        "fd00::/8, fd12::1, true",
        "10.0.0.0/8, 169.254.169.254, false"
    })
    void theOperatorsRangesLetTheirAddressesThrough(String cidr, String address, boolean allowed)
            throws Exception {
        TargetAddressPolicy policy = new TargetAddressPolicy(List.of(cidr));
        assertThat(policy.refusal(InetAddress.getByName(address)) == null).isEqualTo(allowed);
    }

    @Test
    void aMalformedRangeStopsStartUpWithItsName() {
        assertThatThrownBy(() -> new TargetAddressPolicy(List.of("10.0.0.0/33")))
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new TargetAddressPolicy(List.of("ten/8")))
                .hasMessageContaining("ten/8");
    }
}
