package dev.aiusage.jobs;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets receipts start: at most the job's concurrency at once, none once the job is stopping, and,
 * with a budget, only while it allows one more.
 */
final class Admission {

    private final Semaphore slots;
    private final JobControl control;
    private final SpendingLimit budget;
    private final JobProgress progress;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition oneFinished = lock.newCondition();

    Admission(int concurrency, JobControl control, SpendingLimit budget, JobProgress progress) {
        this.slots = new Semaphore(concurrency);
        this.control = control;
        this.budget = budget;
        this.progress = progress;
    }

    /** Blocks until a receipt may start; false when the job is stopping and none may. */
    boolean admit() {
        slots.acquireUninterruptibly();
        lock.lock();
        try {
            while (!control.stopping()) {
                SpendingLimit.Decision decision = budget == null ? SpendingLimit.Decision.ADMIT
                        : budget.decide(progress.inFlight.get(), progress.finishedThisRun());
                switch (decision) {
                    case ADMIT -> {
                        progress.inFlight.incrementAndGet();
                        return true;
                    }
                    case STOP -> control.requestStop(JobControl.Stop.BUDGET);
                    case WAIT -> oneFinished.await(100, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        slots.release();
        return false;
    }

    /** A receipt admitted earlier has finished. */
    void finished() {
        lock.lock();
        try {
            progress.inFlight.decrementAndGet();
            oneFinished.signalAll();
        } finally {
            lock.unlock();
        }
        slots.release();
    }
}
