package io.robovis.gateway.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedOrigins origin patterns allowed to call the API from a browser ({@code
 *     ROBOVIS_CORS_ORIGINS}, comma-separated, e.g. {@code
 *     https://ops.example.com,http://localhost:*})
 */
@ConfigurationProperties("robovis.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins) {}
