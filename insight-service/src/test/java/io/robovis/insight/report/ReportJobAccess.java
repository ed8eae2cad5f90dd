package io.robovis.insight.report;

import java.time.Instant;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;

/** Runs an instance's report job for one tenant, as its periodic run would. */
public final class ReportJobAccess {

    private final ReportJob job;

    public ReportJobAccess(ApplicationContext context) {
        this.job = context.getBean(ReportJob.class);
    }

    public Mono<Long> produceDue(Instant now, String tenantId) {
        return job.produceDue(now, tenantId::equals);
    }
}
