package dev.aiusage.jobs;

import dev.aiusage.AiusageException;
import dev.aiusage.IoErrors;
import dev.aiusage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * One run of a job at a time: two runs of the same job would both see a receipt as not done and
 * process (and pay for) it twice. The operating system releases the lock when the process dies.
 */
final class JobLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private JobLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static JobLock acquire(String jobId, Path outputDir) {
        return acquire(jobId, outputDir, outputDir.resolve(".lock"));
    }

    /**
     * The job's lock beside its ledger, so runs of one job with different output folders cannot
     * both pay for its receipts: {@code LEDGER.jobs/} holds one lock file per job.
     */
    static JobLock acquireInLedger(String jobId, Path ledger) {
        ledger = realPath(ledger); // one lock however the ledger is reached (a link, another spelling)
        Path folder = ledger.resolveSibling(ledger.getFileName() + ".jobs");
        // A name any job id can have on disk (ids may hold '/', spaces, anything).
        String name = UUID.nameUUIDFromBytes(jobId.getBytes(StandardCharsets.UTF_8)) + ".lock";
        return acquire(jobId, folder, folder.resolve(name));
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static JobLock acquire(String jobId, Path outputDir, Path file) {
        FileChannel channel;
        try {
            Files.createDirectories(outputDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot create the lock of job " + jobId + " in " + outputDir + ": "
                    + IoErrors.reason(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new AiusageException("job " + jobId + " is already running (it holds " + file
                    + "); wait for it to finish, or give this run another --job");
        }
        return new JobLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
