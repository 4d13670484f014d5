package dev.aiusage.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the model-path tests share: a valid answer for the test server, and the job's command line. */
final class ModelRuns {

    static final String ANSWER = """
            {"merchant":"SHOP","date":"2024-03-05","total":"17.28","currency":"MYR","address":null}""";

    private ModelRuns() {}

    /** {@code run --job j1} with its output and ledger in {@code dir}, these options, on {@code receipts}. */
    static String[] run(Path dir, Path receipts, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--job", "j1", "--out", dir.resolve("out").toString(),
                "--ledger", dir.resolve("usage.db").toString()));
        args.addAll(List.of(extra));
        args.add(receipts.toString());
        return args.toArray(String[]::new);
    }
}
