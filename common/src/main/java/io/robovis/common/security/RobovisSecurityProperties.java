package io.robovis.common.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicPaths path patterns answered without a token (everything else needs one)
 */
@ConfigurationProperties("robovis.security")
public record RobovisSecurityProperties(@DefaultValue List<String> publicPaths) {}
