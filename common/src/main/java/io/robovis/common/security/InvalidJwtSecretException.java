package io.robovis.common.security;

/** The configured token secret is missing or too short: the service must not start. */
public class InvalidJwtSecretException extends IllegalStateException {
    public InvalidJwtSecretException(String message) {
        super(message);
    }
}
