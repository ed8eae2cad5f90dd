package io.robovis.insight;

import io.robovis.common.test.ServiceEdgeContract;
import io.robovis.common.test.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service checks tokens itself (defense in depth), with the same code as the gateway. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class EdgeSecurityTests implements ServiceEdgeContract {

    @Autowired WebTestClient client;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @Override
    public WebTestClient client() {
        return client;
    }

    @Override
    public String protectedPath() {
        return "/v1/insights";
    }
}
