package io.robovis.common.security;

import io.robovis.common.problem.ProblemWebExceptionHandler;
import io.robovis.common.problem.ProblemWriter;
import io.robovis.common.web.RequestIdFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
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
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.compression.GzipOption;
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

    /**
     * How long an ingest key this instance does not know is waited for: a key used at once after
     * its creation may still be on its way from the gateway (well under a second).
     */
    static final Duration NEW_KEY_GRACE = Duration.ofSeconds(3);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Answers are compressed for clients that ask ({@code server.compression}), in the encoding of
     * the client's list that Netty prefers (zstd, present for Kafka, before gzip). gzip at zlib's
     * fastest level: the 10,000-robot fleet-health answer came out about 10 % larger than at the
     * default level 6, with the same timings (docs/benchmarks.md).
     */
    @Bean
    NettyServerCustomizer answerCompression() {
        return server -> server.compressOptions(GzipOption.builder().compressionLevel(1).build());
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
    Revocations revocations(Clock clock) {
        return new Revocations(clock);
    }

    @Bean
    IngestKeyDirectory ingestKeyDirectory(Clock clock) {
        return new IngestKeyDirectory(clock);
    }

    @Bean
    IdentityFeed identityFeed(
            Environment environment,
            RobovisSecurityProperties properties,
            Revocations revocations,
            IngestKeyDirectory keys,
            JsonMapper json) {
        return new IdentityFeed(
                environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"),
                environment.getProperty("spring.application.name", "robovis")
                        + "-identity-"
                        + UUID.randomUUID(),
                properties.identityFeedCatchUp(),
                revocations,
                keys,
                json);
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties, Clock clock, Revocations revocations) {
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
                        new TokenClaimsValidator(),
                        new RevocationValidator(revocations)));
        return decoder;
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            IngestKeyDirectory keys,
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
                            exchanges.anyExchange().access(RouteAccess::decide);
                        })
                .oauth2ResourceServer(
                        oauth2 ->
                                oauth2.authenticationEntryPoint(entryPoint)
                                        .accessDeniedHandler(
                                                (exchange, denied) -> {
                                                    RouteAccess.Refusal refusal =
                                                            RouteAccess.refusal(exchange);
                                                    return writer.write(
                                                            exchange,
                                                            HttpStatus.FORBIDDEN,
                                                            refusal.code(),
                                                            refusal.detail());
                                                })
                                        .authenticationManagerResolver(
                                                exchange ->
                                                        Mono.just(bearerManager(decoder, keys))))
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

    /** A bearer credential is an ingest key ({@code rk_…}) or else a JWT. */
    static ReactiveAuthenticationManager bearerManager(
            ReactiveJwtDecoder decoder, IngestKeyDirectory keys) {
        JwtReactiveAuthenticationManager jwt = new JwtReactiveAuthenticationManager(decoder);
        jwt.setJwtAuthenticationConverter(principalConverter());
        return authentication -> {
            if (authentication instanceof BearerTokenAuthenticationToken bearer
                    && bearer.getToken().startsWith(IngestKeyDirectory.PREFIX)) {
                return keys.authenticate(bearer.getToken(), NEW_KEY_GRACE)
                        .<Authentication>map(IngestKeyAuthentication::new)
                        .switchIfEmpty(
                                Mono.error(
                                        () ->
                                                new InvalidBearerTokenException(
                                                        "unknown, expired or revoked ingest"
                                                                + " key")));
            }
            return jwt.authenticate(authentication);
        };
    }
}
