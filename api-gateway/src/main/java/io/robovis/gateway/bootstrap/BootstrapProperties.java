package io.robovis.gateway.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first constructor tenant and its admin of a production start, from {@code
 * ROBOVIS_BOOTSTRAP_TENANT}, {@code ROBOVIS_BOOTSTRAP_ADMIN} and {@code
 * ROBOVIS_BOOTSTRAP_PASSWORD}; all three or none.
 */
@ConfigurationProperties("robovis.bootstrap")
record BootstrapProperties(String tenant, String admin, String password) {

    boolean any() {
        return present(tenant) || present(admin) || present(password);
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
