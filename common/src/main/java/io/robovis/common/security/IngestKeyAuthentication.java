package io.robovis.common.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A live ingest key, with the caller it stands for as its principal. */
public class IngestKeyAuthentication extends AbstractAuthenticationToken {

    private final RobovisPrincipal principal;

    IngestKeyAuthentication(RobovisPrincipal principal) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + principal.role().claim())));
        this.principal = principal;
        setAuthenticated(true);
    }

    /** Never the secret. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public RobovisPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.subject();
    }
}
