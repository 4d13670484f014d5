package dev.aiusage.provider;

import dev.aiusage.scope.Scope;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open logical calls by the token their requests carry in {@link #HEADER}: the client proxy opens one
 * per SDK method call, and the transport interceptor finds it for every attempt, on whatever thread
 * the SDK sends it from. The header never leaves the process: the interceptor removes it.
 */
final class CallRegistry {

    static final String HEADER = "X-Aiusage-Call";

    private final Map<String, CallContext> open = new ConcurrentHashMap<>();
    private final InstantSource clock;

    CallRegistry(InstantSource clock) {
        this.clock = clock;
    }

    /** Opens a call in the caller's current scope and returns its token. */
    String open() {
        CallContext context = new CallContext(Scope.current().attribution(), clock.millis());
        String token = context.callId().toString();
        open.put(token, context);
        return token;
    }

    void close(String token) {
        open.remove(token);
    }

    /**
     * The call a request belongs to; a request sent without a token (an SDK method with no params
     * object) or after its call ended is a call of its own, in the sending thread's scope.
     */
    CallContext find(String token) {
        CallContext context = token == null ? null : open.get(token);
        return context != null ? context : new CallContext(Scope.current().attribution(), clock.millis());
    }

    int openCalls() {
        return open.size();
    }
}
