package io.robovis.common.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or short token secret into a short start-up message instead of a trace. */
class JwtSecretFailureAnalyzer extends AbstractFailureAnalyzer<InvalidJwtSecretException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidJwtSecretException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set ROBOVIS_JWT_SECRET to the same random value (at least 32 bytes) on every"
                        + " RoboVis service.",
                cause);
    }
}
