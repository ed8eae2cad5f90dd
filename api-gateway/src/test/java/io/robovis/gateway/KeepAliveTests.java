package io.robovis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.robovis.common.test.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A client that sends its next request on the same connection as soon as it has its answer (or
 * before, pipelining) is answered every time. Reactor Netty up to 1.3.7 could stop reading such a
 * connection after a request that completed at once, so the next request waited until the client
 * gave up (seen here as test requests timing out after 30 s); 1.3.8 fixed it.
 */
class KeepAliveTests extends GatewayTestSupport {

    @LocalServerPort int port;

    @Test
    void everyRequestOnAKeptAliveConnectionIsAnswered() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000); // a lost read shows as a timeout here, not a 30 s hang
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // one answered after a call to robot-service, one at once (401), in a single write
            out.write(
                    (get(TestTokens.clientAdmin("client-alpha")) + get(null))
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(statusOf(in)).isEqualTo(200);
            assertThat(statusOf(in)).isEqualTo(401);
            for (int i = 0; i < 3; i++) {
                out.write(get(null).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(statusOf(in)).as("request %d after the pair", i + 1).isEqualTo(401);
            }
        }
    }

    private static String get(String token) {
        return "GET /v1/robots HTTP/1.1\r\nHost: localhost\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "\r\n";
    }

    /** Reads one whole answer (headers, then a body of its Content-Length); its status. */
    private static int statusOf(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(head.substring(9, 12));
    }
}
