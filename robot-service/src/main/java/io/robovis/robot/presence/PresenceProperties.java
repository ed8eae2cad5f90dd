package io.robovis.robot.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param offlineAfter the global default timeout, when neither the robot nor its client tenant set
 *     one
 * @param checkEvery how often the sweep looks for robots that went silent
 */
@ConfigurationProperties("robovis.presence")
public record PresenceProperties(
        @DefaultValue("300s") Duration offlineAfter, @DefaultValue("5s") Duration checkEvery) {}
