package io.robovis.webhook.webhook;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Base64;

/**
 * A webhook secret the signer can use: a {@code whsec_} secret must be base64 after its prefix
 * (Standard Webhooks), else no delivery could ever be signed; any other text is used as it is.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = SigningSecret.Validator.class)
@interface SigningSecret {

    String message() default
            "a secret starting with whsec_ must be base64 after the prefix (Standard Webhooks);"
                    + " any other secret is used as its UTF-8 bytes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SigningSecret, String> {
        @Override
        public boolean isValid(String secret, ConstraintValidatorContext context) {
            if (secret == null || !secret.startsWith("whsec_")) {
                return true;
            }
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length())).length > 0;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
