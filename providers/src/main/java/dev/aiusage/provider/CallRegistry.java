package dev.aiusage.provider;

import dev.aiusage.scope.Scope;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open logical calls by the token their requests carry in {@link #HEADER}: the client proxy opens one
 * per SDK method call, and the transport interceptor finds it for every attempt, on whatever thread
 * the SDK sends it from. The header never leaves the process: the interceptor removes it.
 */
final class CallRegistry {

    static final String HEADER = "X-Aiusage-Call";

    private final Map<String, CallContext> open = new ConcurrentHashMap<>();
    /**
     * Calls whose caller is done but whose SDK may still send attempts: a cancelled future or a closed
     * async stream does not stop the SDK's retries. Weakly keyed by the very token string the tagged
     * request carries, so an entry lasts exactly as long as the SDK holds that request.
     */
    private final Map<String, CallContext> ended = Collections.synchronizedMap(new WeakHashMap<>());
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

    /** Ends a call; {@code token} must be the instance {@link #open} returned (see {@link #ended}). */
    void close(String token) {
        CallContext context = open.remove(token);
        if (context != null) {
            ended.put(token, context);
        }
    }

    /**
     * The call a request belongs to; a request sent without a token (an SDK method with no params
     * object) is a call of its own, in the sending thread's scope.
     */
    CallContext find(String token) {
        CallContext context = token == null ? null : open.get(token);
        if (context == null && token != null) {
            context = ended.get(token);
        }
        return context != null ? context : new CallContext(Scope.current().attribution(), clock.millis());
    }

    int openCalls() {
        return open.size();
    }
}
