package io.robovis.robot.robot;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Registry fields a constructor admin may change; absent fields stay as they are. */
record RobotPatch(
        @Pattern(regexp = RobotSpec.TENANT_ID, message = "must be a tenant id") String clientId,
        @Size(max = 100) String model,
        @Size(max = 100) String site,
        @Pattern(
                        regexp = RobotSpec.ENVIRONMENT,
                        message =
                                "must be a lower-case word such as ehpad, school, retail, home, hospital")
                String environment,
        @Size(max = 64) String firmware,
        @Min(30) @Max(604800) Integer offlineAfterS) {}
