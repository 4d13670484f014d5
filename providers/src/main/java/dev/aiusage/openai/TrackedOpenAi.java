package dev.aiusage.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.provider.Tracking;
import dev.aiusage.scope.Tracker;

/**
 * Builds an openai-java client whose every HTTP attempt is recorded as a usage event in the scope that
 * made the call. The client is the SDK's own: same types, same exceptions, same retries.
 *
 * <pre>{@code
 * OpenAIClient client = TrackedOpenAi.client(OpenAIOkHttpClient.builder().fromEnv(), tracker, prices);
 * tracker.scope("extract").job("job-123").run(() -> client.chat().completions().create(params));
 * }</pre>
 */
public final class TrackedOpenAi {

    private TrackedOpenAi() {}

    public static OpenAIClient client(OpenAIOkHttpClient.Builder builder, Tracker tracker, PriceCatalog prices) {
        Tracking tracking = Tracking.openAi(tracker, prices);
        return tracking.wrap(OpenAIClient.class, builder.addInterceptor(tracking.okHttpInterceptor()).build());
    }

    public static OpenAIClientAsync asyncClient(OpenAIOkHttpClientAsync.Builder builder, Tracker tracker, PriceCatalog prices) {
        Tracking tracking = Tracking.openAi(tracker, prices);
        return tracking.wrap(OpenAIClientAsync.class, builder.addInterceptor(tracking.okHttpInterceptor()).build());
    }
}
