package io.robovis.webhook.delivery;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import reactor.core.scheduler.Schedulers;

/**
 * Name resolution for deliveries with the SSRF guard inside: a name resolves only to the addresses
 * the {@link TargetAddressPolicy} allows, so the check and the connection use the same address (no
 * window for DNS rebinding). Look-ups run off the event loop.
 */
final class GuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final TargetAddressPolicy policy;

    GuardedResolverGroup(TargetAddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new GuardedNameResolver(executor));
    }

    /** Thrown when every address of a name is refused. */
    static final class RefusedTargetException extends UnknownHostException {
        RefusedTargetException(String host, String reason) {
            super("refused by the SSRF guard: " + host + " resolves to a " + reason);
        }
    }

    private final class GuardedNameResolver extends InetNameResolver {

        GuardedNameResolver(EventExecutor executor) {
            super(executor);
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) {
            Schedulers.boundedElastic()
                    .schedule(
                            () -> {
                                try {
                                    promise.trySuccess(allowed(host).get(0));
                                } catch (UnknownHostException e) {
                                    promise.tryFailure(e);
                                }
                            });
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
            Schedulers.boundedElastic()
                    .schedule(
                            () -> {
                                try {
                                    promise.trySuccess(allowed(host));
                                } catch (UnknownHostException e) {
                                    promise.tryFailure(e);
                                }
                            });
        }

        private List<InetAddress> allowed(String host) throws UnknownHostException {
            List<InetAddress> allowed = new ArrayList<>();
            String refusal = null;
            for (InetAddress address : InetAddress.getAllByName(host)) {
                String reason = policy.refusal(address);
                if (reason == null) {
                    allowed.add(address);
                } else {
                    refusal = reason + " (" + address.getHostAddress() + ")";
                }
            }
            if (allowed.isEmpty()) {
                throw new RefusedTargetException(host, refusal);
            }
            return allowed;
        }
    }
}
