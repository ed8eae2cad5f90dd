package io.robovis.common.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicPaths path patterns answered without a token (everything else needs one)
 * @param identityFeedCatchUp how long a start waits to have read the revocations and ingest keys
 */
@ConfigurationProperties("robovis.security")
public record RobovisSecurityProperties(
        @DefaultValue List<String> publicPaths,
        @DefaultValue("20s") Duration identityFeedCatchUp) {}
