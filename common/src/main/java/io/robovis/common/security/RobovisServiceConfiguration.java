package io.robovis.common.security;

import io.robovis.common.problem.ProblemWebExceptionHandler;
import io.robovis.common.problem.ProblemWriter;
import io.robovis.common.web.RequestIdFilter;
import java.time.Clock;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every RoboVis service shares at its edge: token validation (the same code in the gateway and
 * in each service), the principal, problem+json errors and request ids. Import it from the
 * application class.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties({JwtProperties.class, RobovisSecurityProperties.class})
public class RobovisServiceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    @Order(-2)
    ProblemWebExceptionHandler problemWebExceptionHandler(ProblemWriter writer) {
        return new ProblemWebExceptionHandler(writer);
    }

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties, Clock clock) {
        NimbusReactiveJwtDecoder decoder =
                NimbusReactiveJwtDecoder.withSecretKey(
                                new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
                        .macAlgorithm(MacAlgorithm.HS256)
                        .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        decoder.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(
                        timestamps,
                        new JwtIssuerValidator(properties.issuer()),
                        new TokenClaimsValidator()));
        return decoder;
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            ProblemWriter writer,
            RobovisSecurityProperties properties,
            ObjectProvider<CorsConfigurationSource> cors) {
        BearerProblemEntryPoint entryPoint = new BearerProblemEntryPoint(writer);
        if (cors.getIfAvailable() != null) {
            http.cors(Customizer.withDefaults());
        }
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(
                        exchanges -> {
                            exchanges
                                    .pathMatchers("/actuator/health", "/actuator/health/**")
                                    .permitAll();
                            if (!properties.publicPaths().isEmpty()) {
                                exchanges
                                        .pathMatchers(
                                                properties.publicPaths().toArray(String[]::new))
                                        .permitAll();
                            }
                            // an ingest credential sends events (and renews itself), nothing else
                            exchanges
                                    .pathMatchers(
                                            HttpMethod.POST,
                                            "/v1/robots/events",
                                            "/v1/auth/refresh")
                                    .authenticated();
                            exchanges.anyExchange().access(RobovisServiceConfiguration::notIngest);
                        })
                .oauth2ResourceServer(
                        oauth2 ->
                                oauth2.authenticationEntryPoint(entryPoint)
                                        .accessDeniedHandler(
                                                (exchange, denied) ->
                                                        writer.write(
                                                                exchange,
                                                                HttpStatus.FORBIDDEN,
                                                                "forbidden",
                                                                "This token may not use this route"
                                                                        + " (an ingest token only"
                                                                        + " sends events: POST"
                                                                        + " /v1/robots/events)."))
                                        .jwt(
                                                jwt ->
                                                        jwt.jwtDecoder(decoder)
                                                                .jwtAuthenticationConverter(
                                                                        principalConverter())))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint))
                .build();
    }

    static Converter<Jwt, Mono<AbstractAuthenticationToken>> principalConverter() {
        return jwt ->
                Mono.just(
                        new RobovisAuthentication(
                                new RobovisPrincipal(
                                        jwt.getSubject(),
                                        jwt.getClaimAsString(TokenService.TENANT_ID),
                                        TenantType.fromClaim(
                                                jwt.getClaimAsString(TokenService.TENANT_TYPE)),
                                        Role.fromClaim(jwt.getClaimAsString(TokenService.ROLE)),
                                        jwt.getId()),
                                jwt));
    }

    private static Mono<AuthorizationResult> notIngest(
            Mono<Authentication> authentication, AuthorizationContext context) {
        return authentication
                .<AuthorizationResult>map(
                        a ->
                                new AuthorizationDecision(
                                        a.isAuthenticated()
                                                && !(a.getPrincipal() instanceof RobovisPrincipal p
                                                        && p.role() == Role.INGEST)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }
}
