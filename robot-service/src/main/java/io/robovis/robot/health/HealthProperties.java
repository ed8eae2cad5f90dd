package io.robovis.robot.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param checkEvery how often changed robot-hours are rolled up and their robots rescored
 * @param fullRescoreEvery how often every robot is rescored (scores age without new data)
 */
@ConfigurationProperties("robovis.health")
record HealthProperties(
        @DefaultValue("15s") Duration checkEvery, @DefaultValue("10m") Duration fullRescoreEvery) {}
