package io.robovis.common.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Requires the RoboVis claims with known values, so a principal can always be built. */
class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        String tenantId = jwt.getClaimAsString(TokenService.TENANT_ID);
        if (jwt.getSubject() == null
                || jwt.getId() == null
                || tenantId == null
                || tenantId.isBlank()
                || jwt.getIssuedAt() == null
                || jwt.getExpiresAt() == null
                || TenantType.fromClaim(jwt.getClaimAsString(TokenService.TENANT_TYPE)) == null
                || Role.fromClaim(jwt.getClaimAsString(TokenService.ROLE)) == null) {
            return OAuth2TokenValidatorResult.failure(
                    new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_TOKEN,
                            "The token lacks RoboVis claims (sub, jti, tenant_id, tenant_type, role,"
                                    + " iat, exp).",
                            null));
        }
        return OAuth2TokenValidatorResult.success();
    }
}
