package io.robovis.common.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A validated token, with the caller as its principal. */
public class RobovisAuthentication extends AbstractAuthenticationToken {

    private final RobovisPrincipal principal;
    private final Jwt jwt;

    RobovisAuthentication(RobovisPrincipal principal, Jwt jwt) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + principal.role().claim())));
        this.principal = principal;
        this.jwt = jwt;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return jwt;
    }

    @Override
    public RobovisPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.subject();
    }

    public Jwt token() {
        return jwt;
    }
}
