package io.robovis.common.scheduling;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Work that a service repeats while it runs (a sweep, a relay, a purge): one run at a time, a
 * failed run logged and retried at the next tick, stopped with the application. Jobs that must not
 * run twice across instances guard their work themselves (row locks, advisory locks).
 */
public abstract class PeriodicJob implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final Duration initialDelay;
    private final Duration interval;
    private Disposable loop;

    protected PeriodicJob(Duration initialDelay, Duration interval) {
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run of the job. */
    protected abstract Mono<?> runOnce();

    @Override
    public void start() {
        loop =
                Flux.interval(initialDelay, interval, Schedulers.parallel())
                        .onBackpressureDrop()
                        .concatMap(
                                tick ->
                                        runOnce()
                                                .onErrorResume(
                                                        error -> {
                                                            log.warn(
                                                                    "Run failed, retrying at the next tick: {}",
                                                                    error.toString());
                                                            return Mono.empty();
                                                        }),
                                1)
                        .subscribe();
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}
