package dev.aiusage.jobs.llm;

/** One message of the extraction conversation after the system prompt: the user's or the model's. */
public record Turn(Role role, String text) {

    public enum Role { USER, ASSISTANT }

    public static Turn user(String text) {
        return new Turn(Role.USER, text);
    }

    public static Turn assistant(String text) {
        return new Turn(Role.ASSISTANT, text);
    }
}
