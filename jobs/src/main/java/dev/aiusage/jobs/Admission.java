package dev.aiusage.jobs;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets receipts start, at most the job's concurrency at once and none once the job is interrupted;
 * and, with a budget, lets a receipt call the model only while the budget allows one more. The two
 * are apart so that receipts an earlier run finished are still recognised (and counted) after the
 * budget has stopped the job.
 */
final class Admission {

    private final Semaphore slots;
    private final JobControl control;
    private final SpendingLimit budget;
    private final JobProgress progress;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition oneFinished = lock.newCondition();
    private int calling;

    Admission(int concurrency, JobControl control, SpendingLimit budget, JobProgress progress) {
        this.slots = new Semaphore(concurrency);
        this.control = control;
        this.budget = budget;
        this.progress = progress;
    }

    /** Whether receipts may still be looked at: not after an interrupt (a budget still lets done ones be counted). */
    boolean open() {
        JobControl.Stop stop = control.stopReason();
        return stop == null || stop == JobControl.Stop.BUDGET;
    }

    /** Blocks until a receipt may start; false when the job was interrupted. */
    boolean admit() {
        slots.acquireUninterruptibly();
        if (!open()) {
            slots.release();
            return false;
        }
        progress.inFlight.incrementAndGet();
        return true;
    }

    /** A receipt admitted earlier has finished. */
    void finished() {
        progress.inFlight.decrementAndGet();
        slots.release();
    }

    /** Blocks until the budget lets this receipt call the model; false when it never will in this run. */
    boolean mayCall() {
        if (budget == null) {
            return !control.stopping();
        }
        lock.lock();
        try {
            while (!control.stopping()) {
                switch (budget.decide(calling, progress.finishedThisRun())) {
                    case ADMIT -> {
                        calling++;
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
        return false;
    }

    /** A receipt let call the model has finished calling. */
    void called() {
        if (budget == null) {
            return;
        }
        lock.lock();
        try {
            calling--;
            oneFinished.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
