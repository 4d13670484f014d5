package dev.aiusage.jobs.llm;

import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.aiusage.jobs.receipt.Receipt;

/** Embeds a receipt's text (one embeddings call) and writes the vector beside the results. */
public final class Embedder {

    private final OpenAIClient client;
    private final String model;
    private final VectorWriter vectors;

    Embedder(OpenAIClient client, String model, VectorWriter vectors) {
        this.client = client;
        this.model = model;
        this.vectors = vectors;
    }

    public void embed(Receipt receipt) {
        CreateEmbeddingResponse response;
        try {
            response = client.embeddings().create(EmbeddingCreateParams.builder().model(model).input(receipt.text()).build());
        } catch (RateLimitException limited) {
            throw new RateLimitedException(limited.headers().values("retry-after"), limited);
        }
        if (response.data().isEmpty()) {
            throw new IllegalStateException("the embeddings answer for " + receipt.key() + " holds no vector");
        }
        vectors.write(receipt, model, response.data().getFirst().embedding());
    }

    public String model() {
        return model;
    }
}
