package io.robovis.robot.robot;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One robot to provision. */
record RobotSpec(
        @NotBlank
                @Pattern(
                        regexp = RobotSpec.ROBOT_ID,
                        message = "must be 1-64 letters, digits, '.', '_' or '-'")
                String robotId,
        @NotBlank @Pattern(regexp = RobotSpec.TENANT_ID, message = "must be a tenant id")
                String clientId,
        @Size(max = 100) String model,
        @Size(max = 100) String site,
        @Pattern(
                        regexp = RobotSpec.ENVIRONMENT,
                        message =
                                "must be a lower-case word such as ehpad, school, retail, home, hospital")
                String environment,
        @Size(max = 64) String firmware,
        @Min(30) @Max(604800) Integer offlineAfterS) {

    static final String ROBOT_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final String TENANT_ID = "[a-z0-9][a-z0-9-]{1,62}";
    static final String ENVIRONMENT = "[a-z][a-z0-9_-]{0,31}";
}
