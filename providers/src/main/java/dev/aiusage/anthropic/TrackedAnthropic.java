package dev.aiusage.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClientAsync;
import dev.aiusage.pricing.PriceCatalog;
import dev.aiusage.provider.AnthropicSdkInterceptor;
import dev.aiusage.provider.Tracking;
import dev.aiusage.scope.Tracker;

/**
 * Builds an anthropic-java client whose every HTTP attempt is recorded as a usage event in the scope
 * that made the call, with Anthropic's cache reads and 5-minute and 1-hour cache writes.
 *
 * <pre>{@code
 * AnthropicClient client = TrackedAnthropic.client(AnthropicOkHttpClient.builder().fromEnv(), tracker, prices);
 * }</pre>
 */
public final class TrackedAnthropic {

    private TrackedAnthropic() {}

    public static AnthropicClient client(AnthropicOkHttpClient.Builder builder, Tracker tracker, PriceCatalog prices) {
        Tracking tracking = Tracking.anthropic(tracker, prices);
        return tracking.wrap(AnthropicClient.class, builder.addInterceptor(AnthropicSdkInterceptor.of(tracking)).build());
    }

    public static AnthropicClientAsync asyncClient(AnthropicOkHttpClientAsync.Builder builder, Tracker tracker, PriceCatalog prices) {
        Tracking tracking = Tracking.anthropic(tracker, prices);
        return tracking.wrap(AnthropicClientAsync.class, builder.addInterceptor(AnthropicSdkInterceptor.of(tracking)).build());
    }
}
