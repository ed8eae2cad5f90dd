package io.robovis.robot;

import io.robovis.common.test.ServiceEdgeContract;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service checks tokens itself (defense in depth), with the same code as the gateway. */
class EdgeSecurityTests extends RobotServiceTestSupport implements ServiceEdgeContract {

    @Override
    public WebTestClient client() {
        return client;
    }

    @Override
    public String protectedPath() {
        return "/v1/robots";
    }
}
