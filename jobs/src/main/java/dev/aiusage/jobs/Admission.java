package dev.aiusage.jobs;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets receipts in, in two steps. {@link #enter} bounds the receipts being looked at to the job's
 * concurrency, and lets none in once the job is interrupted; after a budget stop receipts are still
 * looked at, so those an earlier run finished are recognised and counted. {@link #start} is asked only
 * by a receipt that needs the extractor and, with a budget, waits until it allows one more: a budget
 * spent by earlier runs must not stop a job whose remaining receipts are all done.
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

    /** Whether receipts may still be looked at: not after an interrupt (a budget stop still lets done ones be counted). */
    boolean open() {
        JobControl.Stop stop = control.stopReason();
        return stop == null || stop == JobControl.Stop.BUDGET;
    }

    /** Blocks until a receipt may be looked at; false when the job is interrupted. A true is followed by {@link #leave}. */
    boolean enter() {
        slots.acquireUninterruptibly();
        if (!open()) {
            slots.release();
            return false;
        }
        return true;
    }

    void leave() {
        slots.release();
    }

    /**
     * Blocks until the receipt may be extracted; false when the job is stopping (or the budget stops
     * it now). Each true is followed by {@link #finished}.
     */
    boolean start() {
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
        return false;
    }

    /** A receipt started earlier has finished. */
    void finished() {
        lock.lock();
        try {
            progress.inFlight.decrementAndGet();
            oneFinished.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
