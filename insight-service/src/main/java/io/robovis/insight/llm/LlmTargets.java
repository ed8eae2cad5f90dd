package io.robovis.insight.llm;

import io.robovis.common.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Which Ollama and model narrate an analysis: the request's {@code ollama_url} / {@code model},
 * else the tenant's settings, else the platform's ({@code ROBOVIS_OLLAMA_URL} / {@code
 * ROBOVIS_OLLAMA_MODEL}). Every URL must be on the operator's allowlist ({@code
 * ROBOVIS_OLLAMA_ALLOWED_URLS}; by default only the platform URL): a base URL without path, query
 * or credentials, compared by scheme, host and port. The client only ever appends fixed paths
 * ({@code /api/chat}, {@code /api/tags}).
 */
@Component
public class LlmTargets {

    private static final Logger log = LoggerFactory.getLogger(LlmTargets.class);
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");

    private final OllamaProperties properties;
    private final Set<String> allowed = new LinkedHashSet<>();

    LlmTargets(OllamaProperties properties) {
        this.properties = properties;
        allowed.add(normalize(properties.url()));
        for (String url : properties.allowedUrls()) {
            if (!url.isBlank()) {
                String n = normalize(url.trim());
                if (n == null) {
                    throw new IllegalStateException(
                            "ROBOVIS_OLLAMA_ALLOWED_URLS holds a URL that is not a base http(s) URL: "
                                    + url);
                }
                allowed.add(n);
            }
        }
    }

    public Narrator.Llm resolve(
            String requestUrl, String requestModel, String tenantUrl, String tenantModel) {
        String url;
        if (requestUrl != null) {
            url = normalize(requestUrl);
            if (url == null || !allowed.contains(url)) {
                throw new ProblemException(
                        HttpStatus.BAD_REQUEST,
                        "ollama_url_not_allowed",
                        "ollama_url must be one of the Ollama base URLs the operator allows"
                                + " (ROBOVIS_OLLAMA_ALLOWED_URLS), without a path.");
            }
        } else if (tenantUrl != null && allowed.contains(normalize(tenantUrl))) {
            url = normalize(tenantUrl);
        } else {
            if (tenantUrl != null) {
                log.warn("A tenant's Ollama URL is not on the allowlist; using the platform's");
            }
            url = normalize(properties.url());
        }
        String model =
                requestModel != null
                        ? requestModel
                        : tenantModel != null ? tenantModel : properties.model();
        if (!MODEL.matcher(model).matches()) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_model",
                    "model must be an Ollama model name such as mistral or llama3.1:8b (letters,"
                            + " digits, . _ : / -, at most 100 characters).");
        }
        return new Narrator.Llm(url, model);
    }

    /** scheme://host[:port] in lower case, or null when {@code url} is not a base http(s) URL. */
    static String normalize(String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (!scheme.equals("http") && !scheme.equals("https")
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null
                    || !(path.isEmpty() || path.equals("/"))) {
                return null;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
