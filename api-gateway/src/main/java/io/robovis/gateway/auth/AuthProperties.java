package io.robovis.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxSessionAge how long after the login a token may still be refreshed ({@code
 *     ROBOVIS_MAX_SESSION_AGE}); then the user logs in again
 */
@ConfigurationProperties("robovis.auth")
record AuthProperties(@DefaultValue("7d") Duration maxSessionAge) {}
