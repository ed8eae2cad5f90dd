package io.robovis.local.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The public API, as any client uses it: login, provisioning, event batches. */
public final class GatewayClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String login(String username, String password) {
        HttpResponse<String> response =
                send(
                        post("/v1/auth/login", null)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"username\":\""
                                                        + username
                                                        + "\",\"password\":\""
                                                        + password
                                                        + "\"}"))
                                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "Login of "
                            + username
                            + " failed: "
                            + response.statusCode()
                            + " "
                            + response.body());
        }
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
        if (!token.find()) {
            throw new IllegalStateException("No token in the login answer: " + response.body());
        }
        return token.group(1);
    }

    /**
     * Provisions the robots; robots that already exist are fine (a repeated run). Retries while the
     * client tenants have not reached robot-service yet (it learns them from the tenants topic).
     */
    void provision(String token, List<SimRobot> robots) {
        // the API takes up to 10,000 robots per request
        for (int from = 0; from < robots.size(); from += 10_000) {
            provisionBatch(token, robots.subList(from, Math.min(robots.size(), from + 10_000)));
        }
    }

    private void provisionBatch(String token, List<SimRobot> robots) {
        StringBuilder body = new StringBuilder("[");
        for (SimRobot r : robots) {
            if (body.length() > 1) {
                body.append(',');
            }
            body.append("{\"robot_id\":\"")
                    .append(r.robotId)
                    .append("\",\"client_id\":\"")
                    .append(r.clientId)
                    .append("\",\"model\":\"")
                    .append(r.model)
                    .append("\",\"site\":\"")
                    .append(r.site)
                    .append("\",\"environment\":\"")
                    .append(r.environment)
                    .append("\",\"firmware\":\"")
                    .append(r.firmware)
                    .append("\"}");
        }
        body.append(']');
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response =
                    send(
                            post("/v1/robots", token)
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                    .build());
            if (response.statusCode() == 201 || response.statusCode() == 409) {
                return;
            }
            boolean tenantsNotYetKnown =
                    response.statusCode() == 400 && response.body().contains("no client tenant");
            if (!tenantsNotYetKnown || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Provisioning failed: " + response.statusCode() + " " + response.body());
            }
            pause(500);
        }
    }

    /** Events (each a JSON object) as one batch: a JSON array, in UTF-8. */
    static byte[] jsonArray(List<String> events) {
        return ("[" + String.join(",", events) + "]").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one batch, a JSON array in UTF-8; completes with the HTTP status. */
    CompletableFuture<HttpResponse<String>> sendEvents(String token, byte[] jsonArray) {
        return http.sendAsync(
                post("/v1/robots/events", token)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(jsonArray))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Creates an ingest key of the admin's constructor ({@code POST /v1/ingest-keys}) and answers
     * its secret, shown this once.
     */
    public String createIngestKey(String adminToken, String name) {
        HttpResponse<String> response =
                postJson("/v1/ingest-keys", adminToken, "{\"name\":\"" + name + "\"}");
        Matcher key = Pattern.compile("\"key\":\"(rk_[^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 201 || !key.find()) {
            throw new IllegalStateException(
                    "No ingest key created: " + response.statusCode() + " " + response.body());
        }
        return key.group(1);
    }

    /**
     * POSTs a JSON body with the token; answers the response as it came. Waits up to 3 minutes: an
     * analysis waits for the LLM.
     */
    public HttpResponse<String> postJson(String path, String token, String json) {
        return send(
                post(path, token)
                        .timeout(Duration.ofMinutes(3))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    /** PATCHes a JSON body with the token; answers the response as it came. */
    public HttpResponse<String> patchJson(String path, String token, String json) {
        return send(
                post(path, token)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    /** GETs a path with the token; answers the response as it came. */
    public HttpResponse<String> get(String path, String token) {
        return send(post(path, token).GET().build());
    }

    private HttpRequest.Builder post(String path, String token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
