package dev.aiusage.jobs.llm;

import java.util.List;

/**
 * A model that answers the extraction conversation with JSON following {@link ReceiptSchema}, through
 * a tracked SDK client (so each call is recorded in the current scope).
 */
public interface ChatBackend extends AutoCloseable {

    /** The model's answer: the JSON text it produced for the schema. */
    String ask(List<Turn> conversation);

    /** For the run's announcement, e.g. {@code openai gpt-4o-mini at http://localhost:8080/v1}. */
    String describe();

    @Override
    void close();
}
