package io.robovis.common.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Refuses a token this instance knows to be revoked. */
class RevocationValidator implements OAuth2TokenValidator<Jwt> {

    private final Revocations revocations;

    RevocationValidator(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        if (revocations.isRevoked(jwt.getId(), jwt.getSubject(), sessionEpoch(jwt))) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_TOKEN,
                            "The token was revoked (logout, or its user was disabled or had its"
                                    + " password or role changed); log in again.",
                            null));
        }
        return OAuth2TokenValidatorResult.success();
    }

    static long sessionEpoch(Jwt jwt) {
        Object epoch = jwt.getClaims().get(TokenService.SESSION_EPOCH);
        return epoch instanceof Number n ? n.longValue() : 0;
    }
}
