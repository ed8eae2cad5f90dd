package io.robovis.gateway.auth;

import io.robovis.gateway.tenant.IdentityRules;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BCrypt hashing, off the event loop: one check costs tens of milliseconds of CPU. */
@Component
public class PasswordHasher {

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
    // Compared against when the user does not exist, so that both failures cost the same time.
    private final String decoy = encoder.encode("decoy-password-for-unknown-users");

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Whether the password matches; a null hash is checked against a decoy and never matches. */
    public Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(
                        () -> {
                            // BCrypt reads 72 bytes and refuses more: such a password never matches
                            boolean readable = IdentityRules.fitsBcrypt(password);
                            boolean ok =
                                    encoder.matches(
                                            readable ? password : "",
                                            hash == null || !readable ? decoy : hash);
                            return ok && hash != null && readable;
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
