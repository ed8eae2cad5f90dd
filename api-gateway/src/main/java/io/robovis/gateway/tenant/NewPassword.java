package io.robovis.gateway.tenant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A password someone sets: at least {@value IdentityRules#MIN_PASSWORD} characters, not blank, at
 * most {@value IdentityRules#MAX_PASSWORD_BYTES} bytes in UTF-8 (what BCrypt reads). Null passes:
 * combine with {@code @NotNull} where it is required.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NewPassword.Validator.class)
public @interface NewPassword {

    String message() default
            "must have at least 12 characters (not all blank) and at most 72 bytes in UTF-8";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NewPassword, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || IdentityRules.acceptablePassword(value);
        }
    }
}
