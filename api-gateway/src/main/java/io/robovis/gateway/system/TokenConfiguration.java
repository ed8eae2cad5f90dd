package io.robovis.gateway.system;

import io.robovis.common.security.JwtProperties;
import io.robovis.common.security.TokenService;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway is the only service that issues tokens. */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    @Bean
    TokenService tokenService(JwtProperties properties, Clock clock) {
        return new TokenService(properties, clock);
    }
}
