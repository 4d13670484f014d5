package dev.aiusage.provider;

import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.scope.Tracker;
import java.util.Objects;
import okhttp3.Interceptor;

/**
 * Tracking for one SDK client: an OkHttp interceptor to add to the client's builder, and a wrapper for
 * the built client that ties each call to the scope it was made in. {@code TrackedOpenAi} and
 * {@code TrackedAnthropic} put the two together; use this directly only for a client built another way.
 */
public final class Tracking {

    private final SdkShape sdk;
    private final CallRegistry calls;
    private final AttemptTracker attempts;

    private Tracking(String sdkPackage, WireProtocol protocol, Tracker tracker, PriceCatalog prices) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(prices, "prices");
        this.sdk = new SdkShape(sdkPackage, Tracking.class.getClassLoader());
        this.calls = new CallRegistry(tracker.clock());
        this.attempts = new AttemptTracker(protocol, calls, new AttemptRecorder(protocol, tracker, prices), tracker.clock());
    }

    /** Tracking for openai-java (and any OpenAI-compatible server it is pointed at). */
    public static Tracking openAi(Tracker tracker, PriceCatalog prices) {
        return new Tracking("com.openai", new OpenAiProtocol(), tracker, prices);
    }

    /** Tracking for anthropic-java. */
    public static Tracking anthropic(Tracker tracker, PriceCatalog prices) {
        return new Tracking("com.anthropic", new AnthropicProtocol(), tracker, prices);
    }

    /** The hook for an OkHttp-based client, such as openai-java's {@code addInterceptor}. */
    public Interceptor okHttpInterceptor() {
        return new TrackingInterceptor(attempts);
    }

    AttemptTracker attempts() {
        return attempts;
    }

    /** The client, as the same interface, with each call attributed to the caller's scope. */
    public <T> T wrap(Class<T> clientType, T client) {
        return ClientProxy.wrap(clientType, client, sdk, calls);
    }

    /** Calls still in flight (for tests: a finished call must leave nothing behind). */
    public int openCalls() {
        return calls.openCalls();
    }
}
