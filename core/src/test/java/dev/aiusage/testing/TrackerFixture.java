package dev.aiusage.testing;

import dev.aiusage.ledger.Ledger;
import dev.aiusage.record.Recorder;
import dev.aiusage.scope.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real tracker for each test: a SQLite ledger in a fresh folder, the recorder writing to it, and
 * queries that flush first so they see everything recorded so far.
 *
 * <pre>{@code
 * @RegisterExtension final TrackerFixture fixture = new TrackerFixture();
 * }</pre>
 */
public final class TrackerFixture implements BeforeEachCallback, AfterEachCallback {

    private Path dir;
    private Path file;
    private Recorder recorder;
    private Tracker tracker;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("aiusage-test");
        file = dir.resolve("usage.db");
        recorder = Recorder.toLedger(Ledger.open(file));
        tracker = Tracker.create(recorder);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        recorder.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public Tracker tracker() {
        return tracker;
    }

    public Recorder recorder() {
        return recorder;
    }

    public Path file() {
        return file;
    }

    public long count(String sql) {
        recorder.flush();
        return Sql.count(file, sql);
    }

    public List<String> column(String sql) {
        recorder.flush();
        return Sql.column(file, sql);
    }
}
